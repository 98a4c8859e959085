"""Staff pages of documents, under /staff/documents/."""

from django.urls import path

from relais.documents import views

app_name = "documents"
urlpatterns = [
    path("alerts/<uuid:alert_id>/<slug:kind>/", views.staff_document, name="make"),
    path("<uuid:document_id>/pdf/", views.staff_download, name="download"),
    path("<uuid:document_id>/receipt/", views.staff_receipt, name="receipt"),
]

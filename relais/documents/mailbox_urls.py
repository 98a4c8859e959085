"""The reporter's documents, under /mailbox/documents/ (where the mailbox cookie is sent)."""

from django.urls import path

from relais.documents import views

app_name = "mailbox_documents"
urlpatterns = [
    path("<uuid:document_id>/pdf/", views.mailbox_download, name="download"),
    path("<uuid:document_id>/receipt/", views.mailbox_receipt, name="receipt"),
    path("<slug:kind>/", views.mailbox_document, name="make"),
]

"""The reporter's documents, under /my/papers/ (where the mailbox cookie is sent); the kind is a
number in the URL (relais.public.converters)."""

from django.urls import path

from relais.documents import views

app_name = "mailbox_documents"
urlpatterns = [
    path("<uuid:document_id>/pdf/", views.mailbox_download, name="download"),
    path("<uuid:document_id>/receipt/", views.mailbox_receipt, name="receipt"),
    path("<dockind:kind>/", views.mailbox_document, name="make"),
]

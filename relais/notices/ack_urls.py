"""The school's acknowledgment page, under /ack/ (relais/urls.py). The token is in the query
string or the POST body, never in the path: the access log records paths only."""

from django.urls import path

from relais.accounts import ask_views
from relais.notices import ack_views

app_name = "notices_ack"
urlpatterns = [
    path("", ack_views.ack_view, name="ack"),
    path("receipt.json", ack_views.receipt_view, name="receipt"),
    path("receipt.pdf", ack_views.receipt_pdf_view, name="receipt_pdf"),
    # "Ask for an account for the school", from the receipt (relais.accounts).
    path("account/", ask_views.ask_account_view, name="account"),
]

from django.urls import path

from relais.evidence import mailbox_views as timeline_views
from relais.public import evidence_views, mailbox, proof_views, views

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("alert/", views.alert, name="alert"),
    path("mailbox/", mailbox.mailbox, name="mailbox"),
    path("mailbox/open/", mailbox.mailbox_open, name="mailbox_open"),
    path("mailbox/messages/", mailbox.mailbox_message, name="mailbox_message"),
    path("mailbox/consent/", mailbox.mailbox_consent, name="mailbox_consent"),
    path("mailbox/logout/", mailbox.mailbox_logout, name="mailbox_logout"),
    path("mailbox/evidence/", evidence_views.mailbox_evidence, name="mailbox_evidence"),
    path("mailbox/timeline/", timeline_views.mailbox_timeline, name="mailbox_timeline"),
    path("mailbox/links/", timeline_views.mailbox_link, name="mailbox_link"),
    path(
        "mailbox/proofs/<int:number>.json",
        proof_views.mailbox_proof,
        {"extension": "json"},
        name="mailbox_proof_json",
    ),
    path(
        "mailbox/proofs/<int:number>.pdf",
        proof_views.mailbox_proof,
        {"extension": "pdf"},
        name="mailbox_proof_pdf",
    ),
]

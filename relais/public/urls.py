"""Every reporter page: the alert form and the mailbox. Every path is a short neutral word: a
shared phone's history shows them, so none says "alert", "mailbox", "evidence", "documents" or
"police". The mailbox pages all live under /my/, the path of the mailbox cookie, and all but the
receipt form, closing and the quick exit are wrapped by relais.public.access.mailbox_required
(tests/public/test_reporter_area.py walks this list to check it).
"""

from django.urls import path, register_converter

from relais.public import (
    document_views,
    evidence_views,
    mailbox,
    mailbox_pages,
    proof_views,
    timeline_views,
    views,
)
from relais.public.converters import DocumentKindConverter

register_converter(DocumentKindConverter, "dockind")

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("form/", views.alert, name="alert"),
    path("form/done/", views.alert_sent, name="alert_sent"),
    path("my/", mailbox.mailbox, name="mailbox"),
    path("my/open/", mailbox.mailbox_open, name="mailbox_open"),
    path("my/send/", mailbox.mailbox_message, name="mailbox_message"),
    path("my/choices/", mailbox.mailbox_consent, name="mailbox_consent"),
    path("my/close/", mailbox.mailbox_logout, name="mailbox_logout"),
    path("my/exit/", mailbox.quick_exit, name="quick_exit"),
    path("my/words/", mailbox_pages.description, name="mailbox_description"),
    path("my/files/", mailbox_pages.files, name="mailbox_files"),
    path("my/files/add/", evidence_views.mailbox_evidence, name="mailbox_evidence"),
    path("my/files/<uuid:item_id>/", timeline_views.mailbox_item, name="mailbox_item"),
    path(
        "my/files/<uuid:item_id>/date/",
        timeline_views.mailbox_item_date,
        name="mailbox_item_date",
    ),
    path(
        "my/files/<uuid:item_id>/remove/",
        timeline_views.mailbox_item_withdraw,
        name="mailbox_item_withdraw",
    ),
    path(
        "my/files/<uuid:item_id>/order/",
        timeline_views.mailbox_item_order,
        name="mailbox_item_order",
    ),
    path("my/people/", timeline_views.mailbox_people, name="mailbox_people"),
    path("my/days/", mailbox_pages.days, name="mailbox_days"),
    path("my/days/all/", timeline_views.mailbox_timeline, name="mailbox_timeline"),
    path("my/days/links/", timeline_views.mailbox_link, name="mailbox_link"),
    path("my/parents/", mailbox_pages.parents, name="mailbox_parents"),
    path("my/details/", mailbox_pages.details, name="mailbox_details"),
    path(
        "my/details/<int:number>.json",
        proof_views.mailbox_proof,
        {"extension": "json"},
        name="mailbox_proof_json",
    ),
    path(
        "my/details/<int:number>.pdf",
        proof_views.mailbox_proof,
        {"extension": "pdf"},
        name="mailbox_proof_pdf",
    ),
    path(
        "my/details/steps/<int:number>.json",
        proof_views.mailbox_school_step_proof,
        {"extension": "json"},
        name="mailbox_school_step_json",
    ),
    path(
        "my/details/steps/<int:number>.pdf",
        proof_views.mailbox_school_step_proof,
        {"extension": "pdf"},
        name="mailbox_school_step_pdf",
    ),
    path(
        "my/papers/<uuid:document_id>/pdf/",
        document_views.document_download,
        name="document_download",
    ),
    path(
        "my/papers/<uuid:document_id>/receipt/",
        document_views.document_receipt,
        name="document_receipt",
    ),
    path("my/papers/<dockind:kind>/", document_views.document_make, name="document_make"),
]

# The paths of earlier versions, so that a link written down before still answers. No page
# writes them (they have no name), and the mailbox cookie is not sent to them by a browser: a
# mailbox page reached this way asks for the receipt again.
urlpatterns += [
    path("alert/", views.alert),
    path("mailbox/", mailbox.mailbox),
    path("mailbox/open/", mailbox.mailbox_open),
    path("mailbox/messages/", mailbox.mailbox_message),
    path("mailbox/consent/", mailbox.mailbox_consent),
    path("mailbox/logout/", mailbox.mailbox_logout),
    path("mailbox/evidence/", evidence_views.mailbox_evidence),
    path("mailbox/timeline/", timeline_views.mailbox_timeline),
    path("mailbox/links/", timeline_views.mailbox_link),
    path("mailbox/proofs/<int:number>.json", proof_views.mailbox_proof, {"extension": "json"}),
    path("mailbox/proofs/<int:number>.pdf", proof_views.mailbox_proof, {"extension": "pdf"}),
    path("mailbox/documents/<uuid:document_id>/pdf/", document_views.document_download),
    path("mailbox/documents/<uuid:document_id>/receipt/", document_views.document_receipt),
    path("mailbox/documents/<dockind:kind>/", document_views.document_make),
]

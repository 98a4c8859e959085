"""The school's pages: its cases, the checklist, people, referrals, notes (under /school/)."""

from django.urls import path  # noqa: F401

app_name = "cases"
urlpatterns: list = []

# Referrals to relays (relais/cases/referral_views.py): the directory search, refer, withdraw.
from relais.cases import referral_views  # noqa: E402

urlpatterns += [
    path("directory/", referral_views.directory_view, name="directory"),
    path(
        "cases/<uuid:case_id>/refer/<uuid:service_id>/",
        referral_views.refer_view,
        name="refer",
    ),
    path(
        "cases/<uuid:case_id>/referrals/<uuid:referral_id>/revoke/",
        referral_views.revoke_view,
        name="referral_revoke",
    ),
]

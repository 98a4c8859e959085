"""The school's pages: its cases, the checklist, people, referrals, notes (under /school/).

Other parts of the school's side append their lines at the end (the leaflet, referrals)."""

from django.urls import path

from relais.cases import case_views, views

app_name = "cases"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("closed/", views.closed_view, name="closed"),
    path("cases/new/", views.new_view, name="new"),
    path("notices/<uuid:notice_id>/open/", views.open_notice_view, name="open_notice"),
    path("cases/<uuid:case_id>/", case_views.case_view, name="case"),
    path("cases/<uuid:case_id>/about/", case_views.conditions_view, name="conditions"),
    path("cases/<uuid:case_id>/steps/<slug:key>/", case_views.step_view, name="step"),
    path("cases/<uuid:case_id>/people/", case_views.add_person_view, name="add_person"),
    path("cases/<uuid:case_id>/people/<uuid:person_id>/", case_views.person_view, name="person"),
    path("cases/<uuid:case_id>/notes/<slug:audience>/", case_views.note_view, name="note"),
    path("cases/<uuid:case_id>/close/", case_views.close_view, name="close"),
    path(
        "cases/<uuid:case_id>/evidence/<uuid:share_id>/",
        case_views.shared_copy_view,
        name="shared_copy",
    ),
]

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
    path(
        "cases/<uuid:case_id>/referrals/<uuid:referral_id>/resend/",
        referral_views.resend_view,
        name="referral_resend",
    ),
]

# The parents' leaflet, handed from the case (relais/cases/leaflet.py).
from relais.cases import leaflet  # noqa: E402

urlpatterns += [
    path("cases/<uuid:case_id>/leaflet.pdf", leaflet.leaflet_view, name="leaflet"),
]

# The earlier texts that hold a real name, for the direction (relais/cases/earlier_texts_views.py).
from relais.cases import earlier_texts_views  # noqa: E402

urlpatterns += [
    path(
        "cases/<uuid:case_id>/people/<uuid:person_id>/texts/",
        earlier_texts_views.person_texts_view,
        name="person_texts",
    ),
]

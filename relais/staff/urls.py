from django.urls import path

from relais.cases import escalation_views
from relais.staff import auth_views, views

app_name = "staff"
urlpatterns = [
    path("login/", auth_views.login_view, name="login"),
    path("verify/", auth_views.verify_view, name="verify"),
    path("enrol/", auth_views.enrol_view, name="enrol"),
    path("logout/", auth_views.logout_view, name="logout"),
    path("", views.inbox_view, name="inbox"),
    path("alerts/<uuid:alert_id>/", views.alert_view, name="alert"),
    path("alerts/<uuid:alert_id>/reply/", views.reply_view, name="reply"),
    path("alerts/<uuid:alert_id>/move/", views.move_view, name="move"),
    path("alerts/<uuid:alert_id>/cases/open/", views.open_case_view, name="open_case"),
    path(
        "alerts/<uuid:alert_id>/cases/<uuid:case_id>/notes/",
        views.case_note_view,
        name="case_note",
    ),
    path(
        "alerts/<uuid:alert_id>/cases/<uuid:case_id>/escalate/",
        escalation_views.escalate_view,
        name="case_escalate",
    ),
]

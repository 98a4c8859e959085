"""Case workers' notice pages, under /staff/notices/ (relais/urls.py)."""

from django.urls import path

from relais.notices import views

app_name = "notices"
urlpatterns = [
    path("alerts/<uuid:alert_id>/", views.notice_view, name="notice"),
    path("alerts/<uuid:alert_id>/compose/", views.compose_view, name="compose"),
    path("alerts/<uuid:alert_id>/resend/", views.resend_view, name="resend"),
    path("alerts/<uuid:alert_id>/escalate/", views.escalate_view, name="escalate"),
]

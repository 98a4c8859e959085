"""The timeline's staff pages. They kept the paths (/staff/evidence/...) and the names
("evidence:timeline") they had in the vault's app: relais/urls.py serves them in the vault's
namespace, so that links and bookmarks did not change when the timeline left it."""

from django.urls import path

from relais.timeline import views

urlpatterns = [
    path("<uuid:item_id>/order/", views.order_view, name="item_order"),
    path("alerts/<uuid:alert_id>/timeline/", views.timeline_view, name="timeline"),
    path("alerts/<uuid:alert_id>/timeline/correct/", views.correct_view, name="timeline_correct"),
    path("alerts/<uuid:alert_id>/links/", views.link_view, name="timeline_link"),
]

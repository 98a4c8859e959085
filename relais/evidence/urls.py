from django.urls import path

from relais.evidence import staff_views, timeline_views

app_name = "evidence"
urlpatterns = [
    path("alerts/<uuid:alert_id>/upload/", staff_views.upload_view, name="upload"),
    path("<uuid:item_id>/", staff_views.item_view, name="item"),
    path("<uuid:item_id>/copy/", staff_views.copy_view, name="copy"),
    path("<uuid:item_id>/thumbnail/", staff_views.thumbnail_view, name="thumbnail"),
    path("<uuid:item_id>/original/", staff_views.original_view, name="original"),
    path("<uuid:item_id>/order/", timeline_views.order_view, name="item_order"),
    path("alerts/<uuid:alert_id>/timeline/", timeline_views.timeline_view, name="timeline"),
    path(
        "alerts/<uuid:alert_id>/timeline/correct/",
        timeline_views.correct_view,
        name="timeline_correct",
    ),
    path("alerts/<uuid:alert_id>/links/", timeline_views.link_view, name="timeline_link"),
]

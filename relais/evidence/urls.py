"""The vault's staff pages, under /staff/evidence/ in the "evidence" namespace. The timeline's
staff pages share that prefix and namespace (relais/urls.py joins relais.timeline.urls here)."""

from django.urls import path

from relais.evidence import staff_views

app_name = "evidence"
urlpatterns = [
    path("alerts/<uuid:alert_id>/upload/", staff_views.upload_view, name="upload"),
    path("<uuid:item_id>/", staff_views.item_view, name="item"),
    path("<uuid:item_id>/copy/", staff_views.copy_view, name="copy"),
    path("<uuid:item_id>/thumbnail/", staff_views.thumbnail_view, name="thumbnail"),
    path("<uuid:item_id>/original/", staff_views.original_view, name="original"),
    path("<uuid:item_id>/share/", staff_views.share_view, name="share"),
]

"""A relay service's pages: the referrals sent to it, with an account or an expiring link
(under /relay/). The link's token is in the query string or the form's body, never in the path:
the access log records paths only."""

from django.urls import path

from relais.cases import relay_views

app_name = "relay"
urlpatterns = [
    path("", relay_views.home_view, name="home"),
    path("<uuid:referral_id>/", relay_views.referral_view, name="referral"),
]

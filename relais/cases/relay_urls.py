"""A relay service's pages: the referrals sent to it, with an account or an expiring link
(under /relay/)."""

from django.urls import path  # noqa: F401

app_name = "relay"
urlpatterns: list = []

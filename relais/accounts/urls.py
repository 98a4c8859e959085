"""Joining a school's team: the invitation sent to the school's official address (under /join/)."""

from django.urls import path  # noqa: F401

app_name = "join"
urlpatterns: list = []

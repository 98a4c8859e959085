"""The school's pages: its cases, the checklist, people, referrals, notes (under /school/)."""

from django.urls import path  # noqa: F401

app_name = "cases"
urlpatterns: list = []

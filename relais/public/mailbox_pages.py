"""The mailbox's further pages, one step from the first: what the reporter wrote, their files,
the order of events, the documents for parents, the proof details.

Each is short and says one thing, so that a child is not lost in a page seven screens tall; the
parts owned by the vault and the documents are included from their own templates.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from relais.alerts.models import Alert, Category, Platform, ReporterRole
from relais.proofs.receipts import KIND_LABELS, entries_for_alert
from relais.public.mailbox import _current, _login, mailbox_context


def _mailbox_page(
    template: str, page: str, section: Callable[[], str]
) -> Callable[[Callable[[Alert], dict]], Callable[[HttpRequest], HttpResponse]]:
    """A GET-only page of the open mailbox; the login page when the session has ended."""

    def decorate(extra: Callable[[Alert], dict]) -> Callable[[HttpRequest], HttpResponse]:
        @require_safe
        def view(request: HttpRequest) -> HttpResponse:
            token, alert = _current(request)
            if alert is None:
                return _login(request, ended=bool(token))
            context = {**mailbox_context(alert, page=page, section=section()), **extra(alert)}
            return render(request, template, context)

        view.__name__ = view.__qualname__ = extra.__name__
        view.__doc__ = extra.__doc__
        return view

    return decorate


@_mailbox_page("public/mailbox_description.html", "words", lambda: pgettext("page title", "Notes"))
def description(alert: Alert) -> dict:
    """What the reporter wrote, as it was sent, to re-read before adding something."""
    return {
        "categories": [Category(c).label for c in alert.categories if c in Category.values],
        "platforms": [Platform(p).label for p in alert.platforms if p in Platform.values],
        "role": ReporterRole(alert.reporter_role).label
        if alert.reporter_role in ReporterRole.values
        else "",
    }


@_mailbox_page("public/mailbox_files.html", "files", lambda: pgettext("page title", "Files"))
def files(alert: Alert) -> dict:
    """The reporter's files, and the form to add one (the vault's part)."""
    return {}


@_mailbox_page("public/mailbox_days.html", "days", lambda: pgettext("page title", "Dates"))
def days(alert: Alert) -> dict:
    """The order of events and the links recorded (the vault's part)."""
    return {}


@_mailbox_page("public/mailbox_parents.html", "parents", lambda: pgettext("page title", "Parents"))
def parents(alert: Alert) -> dict:
    """The dossier and the letters, for the adults (the documents' part)."""
    return {}


@_mailbox_page("public/mailbox_details.html", "details", lambda: pgettext("page title", "Details"))
def details(alert: Alert) -> dict:
    """The proofs, with their technical words, for whoever wants to check them."""
    return {
        "proof_entries": [
            (number, KIND_LABELS.get(entry.kind, entry.kind), entry.recorded_at)
            for number, entry in enumerate(entries_for_alert(alert), start=1)
        ]
    }

"""The mailbox's further pages, one step from the first: what the reporter wrote, their files,
the order of events, the documents for parents, the proof details.

Each is short and says one thing, so that a child is not lost in a page seven screens tall. The
vault's and the documents' parts are read here, through those apps' access helpers, and shown by
this app's templates: the other apps know nothing of the mailbox.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from relais.alerts.models import Alert, Category, Platform, ReporterRole
from relais.cases.family import school_steps_for
from relais.documents.access import documents_for
from relais.documents.pages import documents_section
from relais.evidence.access import items_for
from relais.evidence.forms import EvidenceForm
from relais.evidence.uploads import MAX_FILES_PER_FORM
from relais.proofs.kinds import kind_label
from relais.proofs.receipts import entries_for_alert
from relais.public.access import mailbox_required
from relais.public.mailbox import mailbox_context
from relais.timeline.forms import KIND_LABELS as EVENT_LABELS
from relais.timeline.forms import LinkCaptureForm
from relais.timeline.import_problems import reports_for, with_not_a_chat
from relais.timeline.selectors import timeline_for


def _mailbox_page(
    template: str, page: str, section: Callable[[], str]
) -> Callable[[Callable[[Alert], dict]], Callable[[HttpRequest], HttpResponse]]:
    """A GET-only page of the open mailbox, showing ``extra(alert)`` in ``template``."""

    def decorate(extra: Callable[[Alert], dict]) -> Callable[[HttpRequest], HttpResponse]:
        def view(request: HttpRequest, alert: Alert) -> HttpResponse:
            context = {**mailbox_context(alert, page=page, section=section()), **extra(alert)}
            return render(request, template, context)

        view.__name__ = view.__qualname__ = extra.__name__
        view.__doc__ = extra.__doc__
        view.__module__ = extra.__module__
        return mailbox_required(require_safe(view))

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
    """The reporter's files (listed, never shown) and the form to add more."""
    return {
        "evidence": {
            "items": list(with_not_a_chat(items_for(alert)).order_by("created_at")),
            "form": EvidenceForm(),
            "max_megabytes": settings.EVIDENCE_MAX_BYTES // (1024 * 1024),
            "max_files": MAX_FILES_PER_FORM,
        }
    }


@_mailbox_page("public/mailbox_days.html", "days", lambda: pgettext("page title", "Dates"))
def days(alert: Alert) -> dict:
    """What the school did, the synthesis of the timeline, its imports' problems, and the form
    to record a link."""
    return {
        "school_steps": school_steps_for(alert),
        "found": {
            "synthesis": timeline_for(alert).synthesis,
            "import_reports": reports_for(alert),
            "kind_labels": EVENT_LABELS,
            "link_form": LinkCaptureForm(),
        },
    }


@_mailbox_page("public/mailbox_parents.html", "parents", lambda: pgettext("page title", "Parents"))
def parents(alert: Alert) -> dict:
    """The dossier and the letters, for the adults."""
    return {"papers": documents_section(documents_for(alert).filter(alert=alert), alert)}


@_mailbox_page("public/mailbox_details.html", "details", lambda: pgettext("page title", "Details"))
def details(alert: Alert) -> dict:
    """The proofs, with their technical words, for whoever wants to check them."""
    return {
        "proof_entries": [
            (number, kind_label(entry.kind), entry.recorded_at)
            for number, entry in enumerate(entries_for_alert(alert), start=1)
        ]
    }

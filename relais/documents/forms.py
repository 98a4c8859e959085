"""What the family (or a case worker) types for a document. A letter is written by someone and
often to someone: what it cannot be written without is required (REQUIRED), so that it never
reads as if another person wrote it. Everything else is optional and leaves a blank line; no
name appears unless someone typed it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from relais.alerts.forms import TextField
from relais.documents.models import LetterKind
from relais.lib.dates import validate_fact_date

SHORT = 200
LONG = 4000
ACCOUNT = 20_000  # as long as an alert's description may be (api.md)


def _text(
    label: Any, help_text: Any = "", *, long: bool = False, rows: int = 4, limit: int = 0
) -> TextField:
    limit = limit or (LONG if long else SHORT)
    return TextField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=limit,
        # autocomplete="off": a shared phone must not offer these names and facts to the next
        # person who opens a form.
        widget=(
            forms.Textarea(attrs={"rows": rows, "autocomplete": "off"})
            if long or rows > 1
            else forms.TextInput(attrs={"autocomplete": "off"})
        ),
        error_messages={"max_length": _("Please keep this under %(limit_value)d characters.")},
    )


class DocumentForm(forms.Form):
    family_name = _text(_("Your name"), _("Printed as the sender only if you type it."), rows=1)
    sender_role = _text(
        _("Who you are for the child"),
        _("Printed after your name, e.g. mother of the pupil, father, legal guardian."),
        rows=1,
    )
    recipient = _text(
        _("Name and address of the recipient"),
        _(
            "In Belgium, the school's organising authority (pouvoir organisateur); in France, "
            "the académie's services. The school can tell you."
        ),
        rows=3,
    )
    family_address = _text(_("Your postal address"), _("Printed only if you type it."), rows=3)
    place = _text(_("Town where you sign"), rows=1)
    victim_name = _text(
        _("The child's name"),
        _("Printed only if you type it. Leave it empty to keep the document anonymous."),
        rows=1,
    )
    meeting_date = forms.DateField(
        label=_("Date of the meeting"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Give a date as YYYY-MM-DD.")},
        validators=[validate_fact_date],
    )
    attendees = _text(
        _("Who was at the meeting"),
        _("Roles are enough, e.g. the head of school, the class teacher."),
        long=True,
        rows=3,
    )
    summary = _text(_("What was said"), long=True, rows=6)
    agreed = _text(_("What was agreed"), _("Measures, who does what, by when."), long=True, rows=4)
    requests = _text(_("What you ask for"), long=True, rows=4)
    account = _text(
        _("What happened, in your words"),
        _(
            "Printed as the family's account. Left empty, the document gives the words of the "
            "report as they were sent."
        ),
        long=True,
        rows=8,
        limit=ACCOUNT,
    )
    facts = _text(
        _("Anything to add for the police"),
        _("The dossier's timeline is included; add what it does not say."),
        long=True,
        rows=5,
    )
    embed_originals = forms.BooleanField(
        label=_("Attach the original files inside the PDF"),
        help_text=_(
            "The police or a court can then check each original against its fingerprint. "
            "The PDF gets larger; photos keep their hidden details (date, place, device)."
        ),
        required=False,
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        wanted = FIELDS[kind]
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        for name in REQUIRED.get(kind, ()):
            self.fields[name].required = True
            self.fields[name].error_messages["required"] = _(
                "The letter cannot be written without this."
            )


_SENDER = ("family_name", "sender_role", "family_address", "place")
FIELDS: dict[str, tuple[str, ...]] = {
    LetterKind.DOSSIER: ("victim_name", "account", "embed_originals"),
    LetterKind.MEETING_REPORT: (*_SENDER, "meeting_date", "attendees", "summary", "agreed"),
    LetterKind.REGISTERED_LETTER: (*_SENDER, "meeting_date", "requests"),
    LetterKind.AUTHORITY_LETTER: (*_SENDER, "recipient", "meeting_date", "requests"),
    # Sent without naming anyone: there is nothing to type.
    LetterKind.LAW_REMINDER: (),
    LetterKind.PARENTS_LEAFLET: (),
    LetterKind.POLICE_SUMMARY: ("family_name", "family_address", "victim_name", "account", "facts"),
}
# What a letter cannot be written without: who writes it (a letter signed by no one reads as if
# the school's authority wrote it) and, for the authority, to whom. The service checks it too.
REQUIRED: dict[str, tuple[str, ...]] = {
    LetterKind.MEETING_REPORT: ("family_name", "sender_role"),
    LetterKind.REGISTERED_LETTER: ("family_name", "sender_role"),
    LetterKind.AUTHORITY_LETTER: ("family_name", "sender_role", "recipient"),
}

"""Forms of the timeline pages: filters, the date correction, the link capture (mailbox and
staff alike), and the family's own corrections: who is who, an item's date, a withdrawal."""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from relais.alerts.forms import TextField
from relais.evidence.forms import EvidenceForm
from relais.evidence.models import MAX_NOTE
from relais.evidence.services import MAX_REASON
from relais.lib.dates import validate_fact_date
from relais.timeline.links import MAX_URL_LENGTH, validate_link
from relais.timeline.models import Participant

_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
_DATE_ERRORS = {"invalid": _("Give a date as YYYY-MM-DD, with a time if you know it.")}

KIND_LABELS = {
    "message": _("message"),
    "attachment": _("file sent in a chat"),
    "sticker": _("sticker"),
    "deleted": _("deleted message"),
    "system": _("chat notice"),
    "unreadable": _("line Relais could not read"),
    "image": _("image"),
    "document": _("document"),
    "video": _("video"),
    "audio": _("sound recording"),
    "chat_export": _("chat export"),
    "link": _("link"),
}


def _date_field(label: Any, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages=_DATE_ERRORS,
        validators=[validate_fact_date],
    )


class TimelineFilterForm(forms.Form):
    """GET filters of the staff timeline; unknown values are ignored rather than refused."""

    author = forms.CharField(label=_("Author"), required=False, max_length=200)
    platform = forms.CharField(label=_("Network"), required=False, max_length=16)
    kind = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("all")), *KIND_LABELS.items()],
    )
    q = forms.CharField(label=_("Text read in images"), required=False, max_length=200)

    def filters(self) -> dict[str, str | None]:
        if not self.is_valid():
            return {"author": None, "platform": None, "kind": None}
        data = self.cleaned_data
        return {key: data.get(key) or None for key in ("author", "platform", "kind")}


class OccurredAtForm(forms.Form):
    target = forms.ChoiceField(choices=[("item", "item"), ("event", "event"), ("link", "link")])
    target_id = forms.UUIDField()
    occurred_at = _date_field(_("When it happened"), required=True)


class LinkCaptureForm(forms.Form):
    url = forms.CharField(
        label=_("Address of the page"),
        max_length=MAX_URL_LENGTH,
        help_text=_("Copy it from the browser's address bar: https://..."),
        error_messages={"required": _("Enter the address of the page.")},
    )
    seen_at = _date_field(_("When did you see it?"))
    note = TextField(
        label=_("What it shows"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=EvidenceForm.base_fields["note"].error_messages,
    )
    sexual_image_of_minor = forms.BooleanField(
        label=_("This page shows a sexual image of a minor"),
        required=False,
        help_text=_("Then only the address is recorded, and we tell you where to report it."),
    )

    def clean_url(self) -> str:
        return validate_link(self.cleaned_data.get("url", ""))

    def values(self) -> dict[str, Any]:
        keys = ("url", "seen_at", "note", "sexual_image_of_minor")
        return {key: self.cleaned_data[key] for key in keys}


class RolesForm(forms.Form):
    """Who each person of the chat exports is: one choice per participant, keyed by a digest of
    the handle (a name never goes in a field name). A blank choice changes nothing."""

    def __init__(self, people: list[Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.handles: dict[str, str] = {}
        for person in people:
            key = "p-" + hashlib.sha256(person.handle.encode("utf-8")).hexdigest()[:16]
            self.handles[key] = person.handle
            self.fields[key] = forms.ChoiceField(
                label=person.handle,
                required=False,
                initial=person.role,
                choices=[("", _("not said yet")), *Participant.Role.choices],
                error_messages={"invalid_choice": _("Choose one of the answers in the list.")},
                widget=forms.Select(attrs={"autocomplete": "off"}),
            )

    def roles(self) -> dict[str, str]:
        return {self.handles[key]: value for key, value in self.cleaned_data.items() if value}


class ItemDateForm(forms.Form):
    occurred_at = _date_field(_("When did it happen?"), required=True)


class WithdrawForm(forms.Form):
    reason = TextField(
        label=_("Why do you take it back?"),
        max_length=MAX_REASON,
        help_text=_("For example: wrong file, or sent twice."),
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        error_messages={
            "required": _("Say in a few words why you take this file back."),
            "max_length": _("Please keep the reason under %(limit_value)d characters."),
        },
    )

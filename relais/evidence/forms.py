"""The fields that come with a file, shared by the mailbox form, the staff form and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from relais.alerts.forms import TextField
from relais.alerts.models import Platform
from relais.evidence.models import MAX_NOTE
from relais.lib.dates import validate_fact_date

_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


class EvidenceForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label=_("When did it happen?"),
        required=False,
        input_formats=_FORMATS,
        help_text=_("If you know it: the day, and the time if you can."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Give a date as YYYY-MM-DD, with a time if you know it.")},
        validators=[validate_fact_date],
    )
    platform = forms.ChoiceField(
        label=_("Where (app or network)?"),
        required=False,
        choices=[("", _("not online, or I don't know")), *Platform.choices],
        error_messages={"invalid_choice": _("%(value)s is not one of the platforms we know.")},
    )
    note = TextField(
        label=_("A note about this file"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Please keep the note under %(limit_value)d characters."),
        },
    )

    def values(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in ("occurred_at", "platform", "note")}

"""Forms of the staff side: sign-in, the inbox filters, the workflow move, the note to a school."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from relais.alerts.forms import TextField
from relais.alerts.models import Category
from relais.alerts.workflow import EVENT_ONLY, TRANSITIONS, Status
from relais.cases.models import MAX_NOTE
from relais.lib.text import check_text
from relais.staff.inbox import normalise_reference


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        error_messages={"required": _("Enter your username.")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        error_messages={"required": _("Enter your password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={
            "required": _("Enter the 6-digit code."),
            "invalid": _("The code has 6 digits."),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


DANGER_CHOICES = [("", _("any")), ("yes", _("yes")), ("no", _("no"))]


class InboxFilterForm(forms.Form):
    """GET filters of the inbox. Invalid values are reported and that filter is ignored."""

    reference = forms.CharField(
        label=_("Reference"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"size": 10, "spellcheck": "false"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("any")), *Status.choices]
    )
    school = forms.ChoiceField(label=_("School"), required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("any")), *Category.choices]
    )
    danger = forms.ChoiceField(label=_("Danger now"), required=False, choices=DANGER_CHOICES)
    unread = forms.BooleanField(label=_("Unread only"), required=False)

    def __init__(self, *args: object, schools: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["school"].choices = [("", _("any")), *schools]  # type: ignore[attr-defined]

    def clean_reference(self) -> str:
        text = self.cleaned_data.get("reference") or ""
        if not text.strip():
            return ""
        reference = normalise_reference(text)
        if reference is None:
            raise forms.ValidationError(
                _("A reference has 8 characters, digits and letters A to F, such as 3F2A9C01.")
            )
        return reference


class MoveForm(forms.Form):
    """A workflow move. Any status is accepted here; move_alert decides against TRANSITIONS, so
    that a stale page gets the same clear refusal as a forged one. Only the allowed targets are
    offered, never a status that records an event (EVENT_ONLY)."""

    to = forms.ChoiceField(
        label=_("New status"),
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the new status."),
            "invalid_choice": _("This status does not exist."),
        },
    )
    reason = forms.CharField(
        label=_("Reason (required to refuse; the reporter will read it)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: object, current: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        targets = TRANSITIONS.get(current, frozenset()) - set(EVENT_ONLY)
        self.targets = [(value, label) for value, label in Status.choices if value in targets]
        self.fields["to"].widget.choices = self.targets

    def clean_reason(self) -> str:
        reason = self.cleaned_data.get("reason") or ""
        return check_text(reason) if reason else reason


class CaseNoteForm(forms.Form):
    """The association writes to the school within a case (NoteAudience.ASSOCIATION)."""

    body = TextField(
        label=_("Your message to the school"),
        max_length=MAX_NOTE,
        help_text=_("The school reads it in the case. Never the reporter's name or words."),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        error_messages={"required": _("Write a message first.")},
    )

    def __init__(self, *args: Any, case_id: Any, **kwargs: Any) -> None:
        # One form per case on the alert page: the prefix keeps their ids apart.
        kwargs["prefix"] = f"case-{case_id}"
        super().__init__(*args, **kwargs)
        self.case_id = case_id

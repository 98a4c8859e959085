"""Forms of the notice pages: the case worker's notice and the school's acknowledgment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from relais.notices.models import MAX_FACTS, MAX_NOTICE


class NotNamesField(forms.MultipleChoiceField):
    """The words the case worker ticks as "not a name". The list of possible names comes from
    the text being checked, so any short word is accepted here; the check ignores the others."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value: str) -> bool:
        return 0 < len(value) <= 100

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if len(value) > 100:
            raise forms.ValidationError(_("Too many words ticked."), code="too_many")


class NoticeForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        error_messages={"required": _("Write a subject.")},
    )
    body = forms.CharField(
        label=_("Text of the notice"),
        max_length=MAX_NOTICE,
        widget=forms.Textarea(attrs={"rows": 18}),
        error_messages={"required": _("Write the text of the notice.")},
    )
    facts = forms.CharField(
        label=_("The facts, for the school"),
        required=False,
        max_length=MAX_FACTS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What happened, where and since when, in your words and without any name, class or "
            "handle: the school cannot act on categories and a date alone. Required to send; "
            "checked with the rest."
        ),
    )
    override_reason = forms.CharField(
        label=_("Reason for sending anyway"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only when the check above finds something that must stay, and why. It is recorded "
            "in the audit log."
        ),
    )
    not_names = NotNamesField(label=_("These are not names"), required=False)


class AcknowledgeForm(forms.Form):
    t = forms.CharField(widget=forms.HiddenInput, max_length=100)
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        error_messages={"required": _("Give your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    role = forms.CharField(
        label=_("Your role at the school"),
        max_length=200,
        error_messages={"required": _("Give your role at the school.")},
        help_text=_("For example: head of school, deputy head, educator."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )

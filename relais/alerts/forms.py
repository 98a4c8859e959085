"""Validation of an alert, shared by the HTML form and the API so both say the same thing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from relais.alerts.models import MAX_DESCRIPTION, MAX_MESSAGE, Category, Platform, ReporterRole
from relais.lib.dates import validate_fact_date
from relais.lib.text import check_text
from relais.schools.models import School


class TextField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return check_text(value) if value else value


class AlertForm(forms.Form):
    school_id = forms.UUIDField(
        label=_("School"),
        error_messages={"required": _("Choose the school."), "invalid": _("Choose the school.")},
    )
    reporter_role = forms.ChoiceField(
        label=_("Who are you?"),
        choices=ReporterRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us who you are (no name needed).")},
    )
    categories = forms.MultipleChoiceField(
        label=_("What is happening?"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one kind of situation."),
            "invalid_choice": _("%(value)s is not one of the kinds of situation we know."),
        },
    )
    description = TextField(
        label=_("What happened?"),
        max_length=MAX_DESCRIPTION,
        help_text=_("Facts: what, where, how often. No need to give the victim's name."),
        widget=forms.Textarea(attrs={"rows": 8, "autocomplete": "off"}),
        error_messages={
            "required": _("Describe what happened."),
            "max_length": _(
                "Please keep the description under %(limit_value)d characters "
                "(it has %(show_value)d)."
            ),
        },
    )
    started_on = forms.DateField(
        label=_("Since when?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"}),
        error_messages={"invalid": _("Give a date as YYYY-MM-DD.")},
        validators=[validate_fact_date],
    )
    platforms = forms.MultipleChoiceField(
        label=_("Online, where?"),
        choices=Platform.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("%(value)s is not one of the platforms we know.")},
    )
    class_grade = TextField(
        label=_("Class or grade (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    immediate_danger = forms.BooleanField(label=_("Someone is in danger right now"), required=False)
    good_faith = forms.BooleanField(
        label=_("I report these facts in good faith, as I know them."),
        help_text=_(
            "Knowingly accusing someone of something they did not do is punished by "
            "law (defamation, slander)."
        ),
        error_messages={"required": _("You must confirm that you report in good faith.")},
    )
    consent_escalation = forms.BooleanField(
        label=_("If nothing changes, you may warn the authorities and competent services."),
        required=False,
    )

    def clean_school_id(self) -> School:
        school = School.objects.filter(pk=self.cleaned_data["school_id"], is_open=True).first()
        if school is None:
            raise forms.ValidationError(
                _("We do not know this school. Search for it again."), code="unknown_school"
            )
        return school


class MessageForm(forms.Form):
    body = TextField(
        label=_("Your message"),
        max_length=MAX_MESSAGE,
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
        error_messages={
            "required": _("Write a message first."),
            "max_length": _(
                "Please keep the message under %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )


class ConsentForm(forms.Form):
    escalation = forms.BooleanField(
        label=_("If nothing changes, you may warn the authorities and competent services."),
        required=False,
    )
    reveal_identity = forms.BooleanField(
        label=_("I agree that the school's direction learns who I am."), required=False
    )
    # autocomplete="off": a shared phone must not offer this name to the next person.
    name = TextField(
        label=_("Your name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    contact = TextField(
        label=_("How to reach you (e-mail or phone)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reveal_identity") and not (data.get("name") and data.get("contact")):
            raise forms.ValidationError(
                _("To reveal who you are, give your name and a way to reach you."),
                code="identity_incomplete",
            )
        return data

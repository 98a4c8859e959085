"""The forms of referrals: the school's search of the directory, its referral and its
withdrawal; the relay's answer. They only parse; relais/cases/referrals.py decides and refuses
(consent rules, names in the request, a replayed answer)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.cases.models import MAX_TEXT, ConsentBy
from relais.cases.referrals import too_early
from relais.directory.models import Service
from relais.lib.text import check_text


class TextField(forms.CharField):
    """Free text: no hidden control characters, no mangled bytes (relais.lib.text)."""

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        return check_text(text) if text else text


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Commune, postcode or name"),
        required=False,
        max_length=100,
        help_text=_("For example “Mouscron”, “7700” or “CPMS”."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of service"),
        required=False,
        choices=[("", _("every kind")), *Service.Kind.choices],
    )


class ReferForm(forms.Form):
    consent_by = forms.ChoiceField(
        label=_("Who consented to this referral"),
        choices=ConsentBy.choices,
        widget=forms.RadioSelect,
        # No default: the school says who consented, it does not confirm a guess.
        error_messages={"required": _("Say who consented: the parents or the pupil.")},
    )
    consent_at = forms.DateField(
        label=_("Consent given on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Give the date of the consent.")},
    )
    pupil_age = forms.IntegerField(
        label=_("The pupil's age"),
        required=False,
        min_value=3,
        max_value=25,
    )
    request = TextField(
        label=_("What you ask of the service"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "In a few words, with the pseudonyms (“Élève A”, “the class of 2B”): what "
            "happened and what you expect (an interview, a class session, advice)."
        ),
        error_messages={"required": _("Say what you ask of the service.")},
    )

    def __init__(
        self,
        *args: Any,
        consent_age: int,
        country: str,
        earliest: date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The earliest consent day (relais.cases.steps.earliest_day): said beside the field; the
        # service refuses it again whatever the form.
        self.earliest = earliest
        if earliest is not None:
            self.fields["consent_at"].widget.attrs["min"] = earliest.isoformat()
        # The school's own jurisdiction's age (pack.yaml), not a list of countries.
        self.fields["pupil_age"].help_text = _(
            "Needed when the pupil consented alone: in %(country)s a pupil may from "
            "%(age)d years old, or at any age for counselling offered directly to young people."
        ) % {"country": country, "age": consent_age}

    def clean_consent_at(self) -> Any:
        day = self.cleaned_data["consent_at"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The consent's date is in the future."))
        if day and self.earliest is not None and day < self.earliest:
            raise forms.ValidationError(too_early(self.earliest))
        return day


class RevokeForm(forms.Form):
    reason = TextField(
        label=_("Why the school withdraws its request"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The service reads it. No names."),
        error_messages={"required": _("Say why the school withdraws its request.")},
    )


class RefuseForm(forms.Form):
    reason = TextField(
        label=_("Why the service refuses"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The school reads it: say what it could do instead. No names."),
        error_messages={"required": _("Say why the service refuses: the school needs it.")},
    )


class DoneForm(forms.Form):
    note = TextField(
        label=_("A short note for the school"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional. What the school may know of what was done, within your professional "
            "secrecy. No names."
        ),
    )

"""The school's forms: what is known of a case, a step by its record kind, a person, a note,
the closing. They only parse; the services (relais/cases/services.py) decide and refuse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.cases.models import MAX_NOTE, MAX_TEXT, Outcome, PersonRole
from relais.lib.text import check_text
from relais.protocols.model import Protocol, Step


class TextField(forms.CharField):
    """Free text: no hidden control characters, no mangled bytes (relais.lib.text)."""

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        return check_text(text) if text else text


SUMMARY_HELP = _(
    "No names here: write “Élève A”, “the class of 2B”. Real names go in the people's "
    "“real name” field, which only the direction reads."
)


class ConditionsForm(forms.Form):
    """What is known of the case: the protocol's branches read these four answers."""

    victim_known = forms.BooleanField(
        label=_("The pupil targeted is known (not only an anonymous notice)"), required=False
    )
    minor = forms.BooleanField(label=_("The pupil is a minor"), required=False)
    danger = forms.BooleanField(label=_("Someone is in danger now"), required=False)
    intimate_images = forms.BooleanField(label=_("Intimate images are involved"), required=False)
    summary = TextField(
        label=_("Summary of the facts"),
        help_text=SUMMARY_HELP,
        required=False,
        max_length=MAX_NOTE,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    FLAGS = ("victim_known", "minor", "danger", "intimate_images")

    def flags(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data[name]) for name in self.FLAGS}


class OpenCaseForm(ConditionsForm):
    """A pupil comes forward: the case opens without a notice."""

    protocol = forms.ChoiceField(label=_("Procedure to follow"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, protocols: list[Protocol], default: str = "", **kwargs: Any):
        kwargs.setdefault("initial", {"minor": True, "victim_known": True, "protocol": default})
        super().__init__(*args, **kwargs)
        field = self.fields["protocol"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(protocol.key, protocol.label()) for protocol in protocols]
        # The procedure first, as the page reads: which one, then what is known.
        self.order_fields(["protocol", *self.FLAGS, "summary"])


class StepForm(forms.Form):
    """One step's form, its field chosen by the step's record kind. `value()` is what
    services.record_step validates: {"checked": true}, {"date": ...}, {"text": ...},
    {"checklist": [...]} or {"choice": ...}."""

    def __init__(self, *args: Any, step: Step, **kwargs: Any) -> None:
        # One form per step on the page: the prefix keeps their ids apart.
        kwargs["prefix"] = f"step-{step.key}"
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields[step.record] = _field_for(step)

    def value(self) -> dict[str, Any]:
        raw = self.cleaned_data[self.step.record]
        if self.step.record == "checkbox":
            return {"checked": raw}
        if self.step.record == "date":
            return {"date": raw.isoformat()}
        return {self.step.record: raw}


class OneAnswerRadios(forms.RadioSelect):
    """Radio buttons that hand on every value posted: a browser sends one, but a hand-made POST
    may send two, and Django's radios would silently keep the last."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        return values if len(values) > 1 else (values[0] if values else None)


class OneAnswerField(forms.ChoiceField):
    """Exactly one of a choice step's answers (record: choice)."""

    widget = OneAnswerRadios
    default_error_messages = {
        "required": _("Choose one answer."),
        "invalid_choice": _("This answer is not one of this step's."),
        "one": _("Choose one answer only."),
    }

    def to_python(self, value: Any) -> str:
        if isinstance(value, list):
            raise forms.ValidationError(self.error_messages["one"], code="one")
        return str(super().to_python(value))


def _field_for(step: Step) -> forms.Field:
    if step.record == "checkbox":
        return forms.BooleanField(
            label=_("Done"), error_messages={"required": _("Tick the box to record the step.")}
        )
    if step.record == "date":
        return forms.DateField(
            label=_("Date"),
            widget=forms.DateInput(attrs={"type": "date"}),
            error_messages={"required": _("Give the date."), "invalid": _("Give a valid date.")},
        )
    if step.record == "text":
        return TextField(
            label=_("What was done"),
            max_length=MAX_TEXT,
            help_text=_("No names: “Élève A”."),
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": _("Write what was done.")},
        )
    if step.record == "choice":
        return OneAnswerField(
            label=pgettext_lazy("a step's answer", "Answer"),
            choices=[(option.key, option.label()) for option in step.options],
        )
    return forms.MultipleChoiceField(
        label=_("Points covered"),
        choices=[(option.key, option.label()) for option in step.checklist],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one point.")},
    )


class PersonForm(forms.Form):
    """A person of the case. The real name is asked of the direction alone: the field is
    removed for anyone else, so that nobody types a name where it would be stored."""

    role = forms.ChoiceField(label=_("Role in the case"), choices=PersonRole.choices)
    class_name = TextField(label=_("Class"), required=False, max_length=40)
    real_name = TextField(
        label=_("Real name"),
        required=False,
        max_length=200,
        help_text=_("Read only by the direction; everyone else sees the pseudonym."),
    )

    def __init__(self, *args: Any, names: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not names:
            del self.fields["real_name"]

    def values(self) -> dict[str, str]:
        return dict(self.cleaned_data)


class NoteForm(forms.Form):
    """A note; its audience is in the address it is posted to (one form per audience)."""

    body = TextField(
        label=_("Note"),
        max_length=MAX_NOTE,
        help_text=_("No names: “Élève A”."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the note.")},
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        # "Issue" in French, as the confirmation page says; the outbox's "Outcome" is another.
        label=pgettext_lazy("closing", "Outcome"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome.")},
    )

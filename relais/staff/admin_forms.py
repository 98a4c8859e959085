"""Form fields of the admin for lists of codes kept in a JSON column (categories, letter kinds,
jurisdictions): checkboxes labelled in the reader's language, never a JSON list typed by hand."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.text import capfirst


def choice_list_field(
    choices: Iterable[tuple[str, Any]], label: Any, help_text: Any = "", required: bool = False
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=list(choices),
        widget=forms.CheckboxSelectMultiple,
        required=required,
        label=capfirst(label),  # as the admin shows a model field's name
        help_text=help_text,
    )


def labels(codes: Iterable[str] | None, choices: Iterable[tuple[str, Any]]) -> str:
    """The codes' labels, in order, for a list or a read-only field; an unknown code as is."""
    names = dict(choices)
    return ", ".join(str(names.get(code, code)) for code in codes or [])

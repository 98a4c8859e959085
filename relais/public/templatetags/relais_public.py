"""Template helpers for the reporter's pages."""

from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

# Widgets a browser offers to fill from what was typed before (its autofill store).
_REMEMBERED = {"text", "textarea", "email", "tel", "url", "date", "datetime", "number", "search"}


@register.filter
def unremembered(field: BoundField) -> SafeString | BoundField:
    """The field's widget with autocomplete="off" when it holds words a browser would remember:
    on a shared phone, the next person typing in a form must not be offered the class, a name
    or a place typed here. Applied to every field the public pages render, including the forms
    of other parts of Relais."""
    if field.widget_type.removesuffix("input") not in _REMEMBERED:
        return field
    return field.as_widget(attrs={"autocomplete": "off"})

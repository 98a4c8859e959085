"""Template helpers for the one field partial (relais/templates/forms/field.html), loaded as
`{% load relais_forms %}` (registered in settings.TEMPLATES): public, staff and acknowledgment
pages all render their fields through it."""

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
    or a place typed here. A form that names its own autocomplete token (a staff member's
    "username", a head teacher's "name") keeps it: that choice was made for that field."""
    if "autocomplete" in field.field.widget.attrs:
        return field
    if field.widget_type.removesuffix("input") not in _REMEMBERED:
        return field
    return field.as_widget(attrs={"autocomplete": "off"})

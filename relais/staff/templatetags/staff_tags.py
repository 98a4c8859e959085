from __future__ import annotations

from django import template
from django.http import QueryDict

from relais.alerts.models import Alert
from relais.staff.display import category_labels

register = template.Library()


@register.filter
def categories(alert: Alert) -> list[str]:
    return category_labels(alert)


@register.filter
def without_cursor(query: QueryDict) -> str:
    """The current filters, back to the first page."""
    copy = query.copy()
    copy.pop("after", None)
    return copy.urlencode()

from __future__ import annotations

from django import template
from django.conf import settings
from django.http import QueryDict

from relais.alerts.models import Alert
from relais.notices.texts import TextsError, texts_for
from relais.schools.models import School
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


@register.filter
def school_zone(school: School) -> str:
    """The time zone the school's notices give times in (its jurisdiction pack's, as
    relais.notices.texts.Texts.when), by name; the installation's for a jurisdiction with no
    pack."""
    try:
        return texts_for(school.jurisdiction).time_zone
    except TextsError:
        return str(settings.TIME_ZONE)

"""Who wrote a note, as the school's case page names them (cases/_notes.html).

The school knows its own members by their username; the association, by its name only: a case
worker's username means nothing to the school and names a person the association keeps behind
its name, as the association reads "L'école" for the school's side (relais/cases/association.py).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from relais.accounts.models import Organisation

register = template.Library()


@register.simple_tag
def note_authors(notes: list[Any], case: Any) -> list[tuple[Any, str]]:
    """Each note with its author's label: `{% note_authors notes case as lines %}`. The
    associations' names in one query, and none when only the school's team wrote."""
    ids = {
        note.author.organisation_id
        for note in notes
        if note.author.school_id != case.school_id and note.author.organisation_id
    }
    names = dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    return [(note, _label(note.author, case, names)) for note in notes]


def _label(author: Any, case: Any, names: dict[Any, str]) -> str:
    if author.school_id == case.school_id:
        return str(author.get_username())
    name = names.get(author.organisation_id)
    if name:
        return _("The association “%(name)s”") % {"name": name}
    return _("The association")

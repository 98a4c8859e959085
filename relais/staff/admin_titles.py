"""The titles of the admin's pages, in words that read well in French and Dutch.

Django titles a page "Add %s", "Change %s", "View %s" with the model's name, which its French
catalogue renders "Ajout de alerte", "Modification de organisation": no elision, no article. A
generic title cannot pick "l'" or "la" for every model, so ours name the kind of record the way
Django's own French list title does ("Sélectionnez l'objet alerte à changer"): "Modification de
l'objet alerte". `AdministratorAdmin` hands them to Django through the views' `extra_context`;
an application's page is titled with its name alone ("Alertes", not "Administration de Alertes").
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_noop, pgettext_lazy

# The context is written out in each call: makemessages reads only literal strings.
TITLES: dict[str, Any] = {
    "add": pgettext_lazy("admin page title; %s is the name of a kind of record", "Add %s"),
    "change": pgettext_lazy("admin page title; %s is the name of a kind of record", "Change %s"),
    "view": pgettext_lazy("admin page title; %s is the name of a kind of record", "View %s"),
    "delete": pgettext_lazy("admin page title; %s is the name of a kind of record", "Delete %s"),
}


def page_title(page: str, model: type[Model]) -> str:
    """The title of the admin's `page` ("add", "change", "view", "delete") for `model`."""
    return capfirst(str(TITLES[page]) % model._meta.verbose_name)


# Strings of Django's admin pages that Django 5.2 leaves in English in its Dutch catalogue (the
# headers of the application tables, read by screen readers, and the new member form's hint).
# Listed here so that our catalogue, which comes first (LOCALE_PATHS), gives them.
DJANGO_GAPS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    # Django's own message id, typographic apostrophes included.
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),  # noqa: RUF001
)

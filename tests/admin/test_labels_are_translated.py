"""The admin speaks the reader's language: app names, model names, the labels of every column
and field it shows, and the objects' names ("Alert 668E0029" was English on French pages)."""

from __future__ import annotations

import pytest
from django.contrib.admin.utils import label_for_field
from django.test import RequestFactory
from django.utils import translation

from relais.staff.admin_site import admin_site
from tests.admin.conftest import label, registered_models

# Words that are the same in English and in the language, checked by hand.
SAME = {
    "fr": {
        *("Documents", "Message-ID", "SHA-256", "action", "e-mail", "message", "options"),
        *("organisation", "organisations", "service", "services", "source"),
        *("invitation", "invitations"),
    },
    "nl": {
        *("Accounts", "Message-ID", "SHA-256", "details", "e-mail", "open", "postcode"),
        *("school", "status", "website"),
    },
}


def _labels(root) -> dict[str, object]:
    """Every label of the admin, keyed by where it shows, as lazy strings."""
    request = RequestFactory().get("/admin/")
    request.user = root
    labels: dict[str, object] = {}
    for model in registered_models():
        opts = model._meta
        model_admin = admin_site.get_model_admin(model)
        labels[f"app {opts.app_label}"] = opts.app_config.verbose_name
        labels[f"{label(model)} name"] = opts.verbose_name
        labels[f"{label(model)} plural"] = opts.verbose_name_plural
        names = [*model_admin.get_list_display(request), *model_admin.get_fields(request)]
        for name in names:
            if name in (
                "__str__",
                "action_checkbox",
                "password",
                "usable_password",
                "password1",
                "password2",
            ):
                continue
            labels[f"{label(model)}.{name}"] = label_for_field(name, model, model_admin)
    return labels


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_every_label_of_the_admin_is_translated(root, language):
    untranslated = []
    for where, text in _labels(root).items():
        with translation.override("en"):
            english = str(text)
        with translation.override(language):
            local = str(text)
        if local == english and english not in SAME[language]:
            untranslated.append(f"{where}: {english}")
    assert untranslated == [], "\n".join(untranslated)


def test_an_alert_is_named_in_french(submitted):
    with translation.override("fr"):
        assert str(submitted.alert).startswith("Alerte ")


def test_the_french_index_names_no_app_in_english(root_client):
    html = root_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    for english in ("Accounts", "Alerts", "Directory", "Schools", "TOTP", "Authenticators"):
        assert f">{english}<" not in html

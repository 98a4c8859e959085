"""Every page of the admin reads well in French and Dutch, for every model of the registry.

The platform administrator (every page, the add pages included) and dora (the read-only pages of
shared data) open every list, add, change, view, delete and history page and each application's
page, in English, French and Dutch. In French no word misses its elision ("Ajout de alerte",
"Modification de organisation" were Django's titles); in both languages no English word is left
(a word the English page shows too, that the data does not hold, and that is not the same word
in that language, checked by hand); titles start with a capital; a change page is titled
"Modification" when it can be saved, and "Affichage" when it cannot.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from relais.staff.admin_titles import page_title
from tests.admin.conftest import label, pages_of, registered_models
from tests.admin.page_text import read, words

pytestmark = pytest.mark.engine_neutral("sqlite")

# "de alerte", "la organisation", "le e-mail", "que il": a vowel or a mute h after a word that
# elides. H aspiré words take no elision ("de harcèlement", "la haine", "le haut").
SLIP = re.compile(
    r"\b(?:de|la|le|que|ne|je|se) (?!(?:harc|hain|haut|hors|honte|hiér|hasard|huit))"
    r"[aeiouhàâäéèêëîïôöûü]",
    re.IGNORECASE,
)

# Words the English pages and these share, checked by hand: the same word in both languages,
# names of things, and technical terms people use as they are.
SAME = {
    "fr": {
        *("académie", "action", "actions", "administration", "confirmation", "danger", "date"),
        *("dates", "direction", "document", "documents", "e-mail", "e-mails", "france"),
        *("message-id", "navigation", "options", "organisateur", "organisation"),
        *("organisations", "page", "permission", "permissions", "possible", "service"),
        *("services", "site", "stable", "type", "types", "uai", "unique", "ldap", "sha"),
        *("single", "sign-on"),  # Django's French: "l'authentification unique (Single Sign-On)"
        *("fase", "contact", "dossier", "humiliation", "intimidation", "parents", "source"),
        "invitation",  # an outgoing e-mail's kind: "invitation dans l'équipe d'une école"
        "invitations",  # the admin's list of invitations to a school's team
        "be-fwb",  # a jurisdiction's code, in the name of a legal reference ("be-fwb: Décret…")
    },
    "nl": {
        *("académie", "account", "accounts", "auto", "bytes", "details", "document"),
        *("e-mail", "e-mails", "fase", "hash", "in", "is", "ldap", "letters", "message-id"),
        *("object", "of", "open", "organisateur", "outbox", "postcode", "salt", "school"),
        *("sha", "status", "uai", "via", "was", "website", "single", "sign-on", "model"),
        *("april", "backends", "link"),
        "team",  # an outgoing e-mail's kind: "uitnodiging voor het team van een school"
        "be-fwb",  # a jurisdiction's code, in the name of a legal reference ("be-fwb: Décret…")
    },
}


def _data_words() -> set[str]:
    """The words of the rows the pages show, but for the values of fields with choices: those
    are codes ("notice.queued", "law_reminder"), and a page that shows one shows English."""
    found: set[str] = set()
    for model in registered_models():
        coded = {field.attname for field in model._meta.concrete_fields if field.choices}
        for row in model._default_manager.values():
            for name, value in row.items():
                if isinstance(value, str) and name not in coded:
                    found |= words(value)
    return found


def _urls(alices_world) -> list[str]:
    urls = [reverse("admin:index")]
    for model in registered_models():
        urls.append(reverse("admin:app_list", args=[model._meta.app_label]))
        urls += [page.url for page in pages_of(model, alices_world.everything()[label(model)])]
    return list(dict.fromkeys(urls))


def _pages(client, urls: list[str]) -> dict[str, dict[str, Any]]:
    """url -> language -> (title, h1, text, html) for the pages this client may open."""
    pages: dict[str, dict[str, Any]] = {}
    for url in urls:
        for language in ("en", "fr", "nl"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            if response.status_code == 200:
                html = response.content.decode()
                pages.setdefault(url, {})[language] = (*read(html), html)
    return pages


@pytest.mark.parametrize("who", ["root", "dora"])
def test_every_admin_page_reads_well(request, alices_world, who):
    client = request.getfixturevalue(f"{who}_client")
    pages = _pages(client, _urls(alices_world))
    data = _data_words()
    assert len(pages) > 40
    problems = []
    for url, versions in pages.items():
        english = versions["en"]
        for language in ("fr", "nl"):
            _title, h1, text, _html = versions[language]
            if language == "fr":
                problems += [f"{url} fr: …{m.group()}…" for m in SLIP.finditer(text)]
            left = (words(text) & words(english[2])) - data - SAME[language]
            problems += [f"{url} {language}: English {word!r}" for word in sorted(left)]
            if h1 and not h1[0].isupper():
                problems.append(f"{url} {language}: title {h1!r}")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("who", ["root", "dora"])
def test_a_change_page_is_titled_by_what_it_allows(request, alices_world, who):
    client = request.getfixturevalue(f"{who}_client")
    for model in registered_models():
        obj = alices_world.everything()[label(model)]
        opts = model._meta
        name = f"{opts.app_label}_{opts.model_name}_change"
        page = next(p for p in pages_of(model, obj) if p.name == name)
        html = client.get(page.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        _title, h1, _text = read(html)
        saves = 'name="_save"' in html
        with translation.override("fr"):
            expected = page_title("change" if saves else "view", model)
        assert h1 == expected, page.url
        assert h1.startswith("Modification" if saves else "Affichage"), page.url


def test_the_titles_name_the_kind_of_record_with_its_article(root_client, alices_world):
    def seen(url: str, language: str) -> tuple[str, str]:
        html = root_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        _title, h1, text = read(html)
        return h1, text

    alert = alices_world.own["alerts.alert"]
    organisation = alices_world.own["accounts.organisation"]
    assert seen(f"/admin/alerts/alert/{alert.pk}/change/", "fr")[0] == (
        "Affichage de l'objet alerte"
    )
    page = f"/admin/accounts/organisation/{organisation.pk}/delete/"
    assert seen(page, "fr")[0] == "Suppression de l'objet organisation"
    assert seen("/admin/alerts/", "fr")[0] == "Alertes"
    # An add page's title, and the end of its breadcrumbs.
    for url, language, expected in [
        ("/admin/accounts/organisation/add/", "fr", "Ajout d'un objet organisation"),
        ("/admin/accounts/organisation/add/", "nl", "Organisatie toevoegen"),
        ("/admin/accounts/user/add/", "fr", "Ajout d'un objet membre de l'équipe"),
        ("/admin/schools/school/add/", "nl", "School toevoegen"),
    ]:
        h1, text = seen(url, language)
        assert h1 == expected
        assert f"\u203a {expected}" in text.splitlines()

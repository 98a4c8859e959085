"""No public page leaves a lasting cookie: the browser forgets everything when it is closed."""

from __future__ import annotations

from http.cookies import Morsel

from django.test import Client

from relais.lib.receipts import new_receipt
from relais.mailbox.services import COOKIE
from tests.public.conftest import form_data, search


def _every_cookie_a_reporter_meets(school, submitted) -> list[tuple[str, Morsel]]:
    """Walk each public page with a new browser, so that each one gets to set its cookies."""
    steps = {
        "home": lambda c: c.get("/"),
        "form": lambda c: c.get("/form/"),
        "search": lambda c: search(c, "saint henri"),
        "form with errors": lambda c: c.post("/form/", form_data(school, good_faith=None)),
        "receipt": lambda c: c.post("/form/", form_data(school)),
        "language": lambda c: c.post("/i18n/setlang/", {"language": "nl", "next": "/"}),
        "mailbox login": lambda c: c.get("/my/"),
        "unknown receipt": lambda c: c.post("/my/open/", {"receipt": new_receipt()}),
        "mailbox open": lambda c: c.post("/my/open/", {"receipt": submitted.receipt}),
        "not found": lambda c: c.get("/no-such-page/"),
    }
    seen = []
    for name, step in steps.items():
        response = step(Client())
        seen += [(name, morsel) for morsel in response.cookies.values()]
    mailbox = Client()
    mailbox.post("/my/open/", {"receipt": submitted.receipt})
    seen += [("mailbox", morsel) for morsel in mailbox.get("/my/").cookies.values()]
    seen += [("logout", morsel) for morsel in mailbox.post("/my/close/").cookies.values()]
    return seen


def test_no_cookie_set_by_a_public_page_outlives_the_browser(school, submitted):
    seen = _every_cookie_a_reporter_meets(school, submitted)
    assert {morsel.key for _, morsel in seen} >= {"csrftoken", "django_language", COOKIE}
    for name, morsel in seen:
        if not morsel.value:
            continue  # a deletion (mailbox logout): checked below
        assert morsel["expires"] == "", (name, morsel.key)
        assert morsel["max-age"] == "", (name, morsel.key)


def test_closing_the_mailbox_deletes_its_cookie(submitted):
    mailbox = Client()
    mailbox.post("/my/open/", {"receipt": submitted.receipt})
    morsel = mailbox.post("/my/close/").cookies[COOKIE]
    assert morsel.value == ""
    assert morsel["max-age"] == 0

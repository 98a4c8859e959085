"""On a 390 px phone in Chromium, in French, JavaScript off: the direction sends the closing form
without choosing an outcome. The page comes back at the closing form (its GET action keeps the
"#close" anchor), which says an outcome must be chosen; nothing says "Rien n'a été enregistré"
at the page's top, out of sight, and nothing is closed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.test_referral_and_team_pages_fit_a_phone import (  # noqa: F401  (fixtures)
    _fits,
    _sign_in,
    mouscron,
    phone,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("postgresql")]


def test_no_outcome_chosen_is_said_at_the_closing_form(
    phone: Page,  # noqa: F811
    live_server,
    mouscron,  # noqa: F811
):
    case = mouscron["case"]
    _sign_in(phone, live_server.url, mouscron["head"])
    phone.goto(f"{live_server.url}/school/cases/{case.pk}/")

    phone.click("#close button[type=submit]")

    assert phone.url.endswith("#close")
    assert "Rien n'a été enregistré" not in phone.inner_text("main")
    error = phone.locator("#close .error")
    assert error.inner_text() == "Choisissez l'issue."
    assert error.is_visible()
    top = phone.evaluate("document.querySelector('#close .error').getBoundingClientRect().top")
    assert 0 <= top <= 844  # in view where the page landed, not above or below it
    _fits(phone, "close-no-outcome")
    case.refresh_from_db()
    assert case.closed_at is None

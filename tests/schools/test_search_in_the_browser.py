"""The school picker in Chromium, JavaScript off and on: ranked, abbreviations and the Dutch name
of the town understood, and the advice to narrow the search when more schools match."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.factories import SchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def schools(transactional_db):
    SchoolFactory.create_batch(22, name="ECOLE COMMUNALE", city="Dottignies (Mouscron)")
    SchoolFactory(name="Collège Sainte-Marie", city="Mouscron")
    SchoolFactory(name="Athénée royal Thomas Edison", city="Mouscron")


def search(page: Page, base: str, words: str) -> list[str]:
    """The names of the schools offered, in order."""
    page.set_default_timeout(10_000)
    page.goto(base + "/")
    page.click("#start-alert")
    page.fill("#q", words)
    page.click("#search-button")
    names = []
    for label in page.locator("#school-choice label").all():
        place = label.locator(".school-place").text_content() or ""
        names.append((label.text_content() or "").removesuffix(place).strip())
    return names


def test_the_picker_ranks_understands_and_says_how_to_narrow(page: Page, live_server, schools):
    base = live_server.url

    found = search(page, base, "Moeskroen")
    assert len(found) == 20
    assert found[:2] == ["Athénée royal Thomas Edison", "Collège Sainte-Marie"]
    assert "Plus de 20 écoles correspondent" in page.inner_text("#more-schools")

    assert search(page, base, "ste-marie moeskroen") == ["Collège Sainte-Marie"]
    assert not page.is_visible("#more-schools")

    assert search(page, base, "ab\x00cd") == []
    assert page.is_visible("#no-school")
    assert page.recorder.foreign_hosts() == set()  # type: ignore[attr-defined]
    assert page.recorder.csp_violations() == []  # type: ignore[attr-defined]

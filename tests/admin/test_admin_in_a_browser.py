"""In Debian's Chromium, in French, with JavaScript off and on: the platform administrator ticks
the categories of a legal reference, and a case worker who opens the admin is told why not."""

from __future__ import annotations

import datetime
import os

import pytest

from relais.accounts.models import Role
from relais.documents.models import LegalReference
from tests.factories import PASSWORD, UserFactory, totp_device, totp_now

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("RELAIS_SCREENSHOTS")  # a folder, to look at the pages by eye


def _sign_in(page, live_server, username: str, device) -> None:
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.fill("#id_token", totp_now(device))
    page.click("main button[type=submit]")


def test_the_platform_administrator_ticks_categories_in_french(page, live_server, db):
    root = UserFactory(username="root", organisation=None, role=Role.NONE, is_superuser=True)
    _sign_in(page, live_server, "root", totp_device(root))
    # Made here: the live server's database is emptied between tests, shipped rows included.
    reference = LegalReference.objects.create(
        jurisdiction="fr",
        key="admin-browser-test",
        title="Harcèlement moral",
        text="Le harcèlement d'une personne est interdit.",
        source="Code pénal",
        effective_from=datetime.date(2022, 3, 3),
    )
    page.goto(f"{live_server.url}/admin/documents/legalreference/{reference.pk}/change/")
    assert "Catégories" not in page.title()
    page.check("input[name=categories][value=menace]")
    page.check("input[name=letters][value=law_reminder]")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/legal-reference.png", full_page=True)
    page.click("input[name=_save]")
    reference.refresh_from_db()
    assert "menace" in reference.categories
    assert "law_reminder" in reference.letters
    page.goto(f"{live_server.url}/admin/")
    text = page.inner_text("body")
    for english in ("Accounts", "Authenticators", "Schools", "Directory", "TOTP"):
        assert english not in text
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/index.png", full_page=True)
    assert page.recorder.csp_violations() == []


def test_a_case_worker_reads_why_the_admin_is_closed(page, live_server, alice):
    _sign_in(page, live_server, "alice", totp_device(alice))
    page.goto(f"{live_server.url}/admin/")
    text = page.inner_text("main")
    assert "chargé·e de dossiers" in text
    assert "n'appartient" not in text
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/forbidden.png", full_page=True)
    assert page.recorder.csp_violations() == []

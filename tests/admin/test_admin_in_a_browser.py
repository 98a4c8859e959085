"""In Debian's Chromium, in French, with JavaScript off and on: the platform administrator ticks
the categories of a legal reference, and a case worker who opens the admin is told why not."""

from __future__ import annotations

import datetime
import os

import pytest

from relais.accounts.models import Role
from relais.audit.services import record
from relais.documents.models import LegalReference
from relais.notices.queue import queue_message
from tests.factories import PASSWORD, UserFactory, totp_device, totp_now

pytestmark = [pytest.mark.browser, pytest.mark.engine_neutral("sqlite")]

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


def test_the_admin_s_titles_and_log_read_well_in_french(page, live_server, db):
    root = UserFactory(username="root", organisation=None, role=Role.NONE, is_superuser=True)
    _sign_in(page, live_server, "root", totp_device(root))
    record(actor=root, action="otp.enrolled", obj=root)
    message = queue_message(
        kind="notice",
        to="direction@ecole.example",
        subject="Signalement",
        body="…",
        from_name="Association de médiation — Liège",
    )
    seen, texts = {}, {}
    for name, path in [
        ("app", "/admin/accounts/"),
        ("organisation-add", "/admin/accounts/organisation/add/"),
        ("outbox", f"/admin/notices/outboxmessage/{message.pk}/change/"),
        ("authenticators", "/admin/accounts/authenticator/"),
    ]:
        page.goto(f"{live_server.url}{path}")
        seen[name], texts[name] = page.inner_text("h1"), page.inner_text("main")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
    assert seen["app"] == "Comptes"
    assert seen["organisation-add"] == "Ajout d'un objet organisation"
    assert seen["outbox"] == "Affichage de l'objet e-mail sortant"
    assert "Association de médiation — Liège <relais@" in texts["outbox"]
    assert "authenticator" not in texts["authenticators"].lower()
    page.goto(f"{live_server.url}/admin/accounts/organisation/add/")
    page.fill("#id_name", "Association Écoute")
    page.click("input[name=_continue]")
    assert page.inner_text("h1") == "Modification de l'objet organisation"
    page.goto(f"{live_server.url}/admin/audit/auditevent/")
    text = page.inner_text("main")
    assert "a ajouté dans l'administration" in text
    assert "a configuré une application d'authentification" in text
    assert "otp.enrolled" not in text and "admin.added" not in text
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/audit-log.png", full_page=True)
    page.click("#result_list tbody tr:first-child th a")
    assert page.inner_text("h1") == "Affichage de l'objet événement du journal d'audit"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/audit-event.png", full_page=True)
    assert page.recorder.csp_violations() == []

"""A head of school, in Chromium in French, with JavaScript off and on: acknowledges a notice,
asks for the school's account from the receipt, receives the invitation at the school's official
address (a real SMTP server on loopback), opens its link, chooses a username and a password, sets
up the authenticator, and lands on the school's cases; then reads the team page. Nothing
overflows a phone's screen, nothing comes from another host, no CSP rule is broken, axe finds no
serious fault (JavaScript on). RELAIS_SCREENSHOTS=DIR keeps a screenshot of each state."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, Page

from relais.accounts.models import Role, User
from relais.alerts.services import move_alert
from relais.alerts.workflow import Status
from relais.notices.compose import draft_for
from relais.notices.outbox import send_due
from relais.notices.services import send_notice
from tests.accounts.conftest import invitations_sent, invite_link
from tests.browser_support import Recorder, axe_violations
from tests.factories import OrganisationFactory, SchoolFactory, UserFactory, make_alert, totp_now
from tests.notices.conftest import ack_link, smtp  # noqa: F401  (the fixture: a real SMTP server)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("postgresql")]

FACTS = "Un élève est bousculé chaque midi dans la file de la cantine depuis trois semaines."
PASSWORD = "une phrase de passe assez longue 42"
RUNS = {
    "phone-nojs": ((390, 844), False),
    "phone-js": ((390, 844), True),
    "desktop-js": ((1280, 800), True),
}


@pytest.fixture
def school(transactional_db):
    return SchoolFactory(
        name="Institut Saint-Henri",
        city="Mouscron",
        code="5432",
        direction_email="direction@saint-henri.example",
    )


@pytest.fixture
def token(school, smtp) -> str:  # noqa: F811
    organisation = OrganisationFactory(
        name="Association", jurisdictions=["be-fwb"], email="contact@asbl.example"
    )
    worker = UserFactory(username="alice", organisation=organisation, role="case_worker")
    alert = move_alert(alert=make_alert(school).alert, to=Status.TRIAGED, actor=worker)
    subject, body = draft_for(alert)
    send_notice(alert=alert, actor=worker, subject=subject, body=body, facts=FACTS)
    send_due()
    return ack_link(smtp.sink.messages[-1])[1]


@pytest.fixture(params=list(RUNS), ids=list(RUNS))
def head_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    (width, height), javascript = RUNS[request.param]
    context = browser.new_context(
        java_script_enabled=javascript, locale="fr-BE", viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.recorder = Recorder(page)  # type: ignore[attr-defined]
    page.shot_name = request.param  # type: ignore[attr-defined]
    page.javascript = javascript  # type: ignore[attr-defined]
    yield page
    context.close()


def _check(page: Page, name: str) -> None:
    """The page fits the screen, passes axe (with JavaScript), and is kept as a screenshot."""
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    if page.javascript:  # type: ignore[attr-defined]  (axe runs as a script)
        assert axe_violations(page) == [], name
    folder = os.environ.get("RELAIS_SCREENSHOTS")
    if folder:
        page.screenshot(path=f"{folder}/join-{page.shot_name}-{name}.png", full_page=True)  # type: ignore[attr-defined]


def test_the_head_asks_joins_sets_up_the_code_and_lands_on_the_school(
    head_page: Page,
    live_server,
    token,
    school,
    smtp,  # noqa: F811
    settings,
):
    page = head_page
    settings.SITE_URL = live_server.url  # the links the e-mails carry
    page.goto(f"{live_server.url}/ack/?t={token}")
    page.fill("input[name=name]", "Anne Leroy")
    page.fill("input[name=role]", "directrice")
    page.click("button[type=submit]")
    main = page.inner_text("main")
    assert "Suivre le dossier sur Relais" in main
    assert "direction@saint-henri.example" in main
    assert page.locator("input[name=email], input[type=email]").count() == 0
    _check(page, "1-receipt")

    page.click("text=Demander un compte pour l'école")
    main = page.inner_text("main")
    assert "L'invitation part vers l'adresse officielle de votre école" in main
    assert "Demander un compte pour l'école" not in main
    _check(page, "2-asked")

    send_due()
    [mail] = invitations_sent(smtp)
    assert mail["To"] == "direction@saint-henri.example"
    url, _token = invite_link(mail)
    assert url.startswith(live_server.url)

    page.goto(url)
    assert "Créer votre compte" in page.inner_text("main")
    assert "Institut Saint-Henri" in page.inner_text("main")
    _check(page, "3-join")
    page.fill("input[name=username]", "anne.leroy")
    page.fill("input[name=password]", "court")
    page.fill("input[name=password_again]", "court")
    page.click("button[type=submit]")
    assert "Ce mot de passe est trop court" in page.inner_text("main")
    _check(page, "4-join-error")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password_again]", PASSWORD)
    page.click("button[type=submit]")

    assert page.url.endswith("/staff/enrol/")
    _check(page, "5-enrol")
    user = User.objects.get(username="anne.leroy")
    assert user.role == Role.DIRECTION and user.school == school
    page.fill("input[name=token]", totp_now(TOTPDevice.objects.get(user=user)))
    page.click("button[type=submit]")

    assert page.url == f"{live_server.url}/school/"
    assert "Institut Saint-Henri" in page.inner_text("main")

    page.goto(f"{live_server.url}/join/team/")
    main = page.inner_text("main")
    assert "L'équipe de l'établissement « Institut Saint-Henri »" in main
    assert "anne.leroy" in main and "Inviter un·e collègue" in main
    _check(page, "6-team")

    # The link is spent: opened again, it says so.
    page.goto(url)
    assert "Cette invitation a déjà servi" in page.inner_text("main")
    _check(page, "7-spent")
    assert page.recorder.foreign_hosts() == set()  # type: ignore[attr-defined]
    assert page.recorder.csp_violations() == []  # type: ignore[attr-defined]

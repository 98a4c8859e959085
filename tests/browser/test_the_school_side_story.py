"""Issue 12's story, whole, through real pages in Debian's Chromium, in French, with JavaScript
off (every page on a 390-pixel phone) and on (the school head and the case worker at a desk, the
service and the family on a phone):

1. a reporter's alert (the alert service, as the reporter's own pages submit it) is triaged; the
   case worker's notice goes through the outbox to a real SMTP server on loopback; the school
   head opens its /ack/ link and acknowledges;
2. the head signs in (password, then the authenticator's code), opens a case from the notice on
   /school/, says the pupil is now known (a minor who came forward), records a protection
   measure the Mouscron procedure shows to the family, adds the pupil (a pseudonym, the real
   name for the direction only), writes a note, and refers the case to the CPMS found in the
   directory, with the parents' consent;
3. the CPMS opens the link of the e-mail that reached the SMTP server and accepts;
4. the family opens its mailbox with its receipt: the recorded step in the protocol's plain words
   and its date, and nothing else of the case (no name, no pseudonym, no note, no service, no
   case number); GET /api/v1/mailbox says the same in `school_steps`; the family consents to
   escalation on its choices page;
5. time passes (the deadline sweep with a later `now`, as relais cases_sweep would run it): the
   overdue steps' reminder reaches the SMTP server in French with no name; past the protocol's
   second delay the sweep proposes escalation, which the case worker reads on the alert page
   (with the button to send it, the reporter having consented) and the school on its case page.

Every page: nothing wider than the screen, no request to another host, no CSP report, and no
serious axe-core fault (with JavaScript on: axe is a script). A screenshot of each moment goes
to RELAIS_SCREENSHOTS=DIR, or to the test's tmp dir."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import Browser, BrowserContext, Page

from relais.accounts.models import Role
from relais.alerts.services import move_alert
from relais.alerts.workflow import Status
from relais.cases.deadlines import sweep
from relais.cases.marks import marks_for
from relais.cases.models import Case, CasePerson, CaseStep, Referral, ReferralState
from relais.directory.models import Service
from relais.notices.compose import draft_for
from relais.notices.models import NoticeState, OutboxKind, OutboxMessage
from relais.notices.outbox import send_due
from relais.notices.services import send_notice
from tests.browser_support import Recorder, axe_violations
from tests.cases.referral_support import service
from tests.factories import (
    PASSWORD,
    OrganisationFactory,
    SchoolFactory,
    UserFactory,
    make_alert,
    totp_device,
    totp_now,
)
from tests.notices.conftest import ack_link, smtp  # noqa: F401  (the fixture: a real SMTP server)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.engine_neutral("sqlite")]

PHONE, DESKTOP = (390, 844), (1280, 800)
FACTS = "Un élève est bousculé chaque midi dans la file de la cantine depuis trois semaines."
DIRECTION = "direction@saint-henri.example"
AUTHORITY = "po@saint-henri.example"
# What the school writes in the case: none of it may reach the family or an e-mail.
REAL_NAME = "Léa Martin"
NOTE = "Élève A a été reçue par Mme Dupont ; surveillance renforcée à la cantine."
REQUEST = "Élève A est bousculée chaque midi : pouvez-vous la recevoir cette semaine ?"
# The Mouscron procedure's protection measure, and what the family reads once it is recorded.
MEASURE = "warn_educators"
FAMILY_WORDS = "L'école a mis en place des mesures de protection."


@dataclass
class Scene:
    alert: object
    receipt: str
    school: object
    head: object
    worker: object
    cpms: Service
    ack_token: str


@pytest.fixture
def scene(transactional_db, smtp) -> Scene:  # noqa: F811
    organisation = OrganisationFactory(
        name="Association", jurisdictions=["be-fwb"], email="contact@asbl.example"
    )
    school = SchoolFactory(
        name="Institut Saint-Henri",
        city="Mouscron",
        code="5432",
        direction_email=DIRECTION,
        authority="Pouvoir organisateur de l'Institut",
        authority_email=AUTHORITY,
    )
    worker = UserFactory(username="alice", organisation=organisation, role=Role.CASE_WORKER)
    head = UserFactory(
        username="anne",
        first_name="Anne",
        last_name="Leroy",
        organisation=None,
        role=Role.DIRECTION,
        school=school,
    )
    cpms = service("CPMS Libre Mouscron 1", Service.Kind.PMS)
    submitted = make_alert(school)
    alert = move_alert(alert=submitted.alert, to=Status.TRIAGED, actor=worker)
    subject, body = draft_for(alert)
    send_notice(alert=alert, actor=worker, subject=subject, body=body, facts=FACTS)
    send_due()
    [notice_mail] = [m for m in smtp.sink.messages if "/ack/?t=" in plain_text(m)]
    return Scene(
        alert=alert,
        receipt=submitted.receipt,
        school=school,
        head=head,
        worker=worker,
        cpms=cpms,
        ack_token=ack_link(notice_mail)[1],
    )


@dataclass
class Walk:
    """The browsers of the story's people, and what every page they see must pass."""

    browser: Browser
    base: str
    javascript: bool
    folder: Path
    run: str
    contexts: list[BrowserContext] = field(default_factory=list)
    axe: dict[str, list] = field(default_factory=dict)

    def person(self, size: tuple[int, int]) -> Page:
        width, height = size if self.javascript else PHONE
        context = self.browser.new_context(
            java_script_enabled=self.javascript,
            locale="fr-BE",
            viewport={"width": width, "height": height},
            extra_http_headers={"Accept-Language": "fr"},
        )
        self.contexts.append(context)
        page = context.new_page()
        page.recorder = Recorder(page)  # type: ignore[attr-defined]
        return page

    def check(self, page: Page, moment: str) -> None:
        """The page as its reader sees it once loaded: it fits, passes axe, is kept."""
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), moment
        if self.javascript:
            self.axe[moment] = axe_violations(page)
        page.screenshot(path=str(self.folder / f"story-{self.run}-{moment}.png"), full_page=True)

    def sign_in(self, page: Page, user: object) -> None:
        device = totp_device(user)
        page.goto(f"{self.base}/staff/login/")
        page.fill("#id_username", user.get_username())  # type: ignore[attr-defined]
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.fill("#id_token", totp_now(device))
        page.click("main button[type=submit]")

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture(params=[False, True], ids=["js-off", "js-on"])
def walk(request, browser: Browser, live_server, tmp_path) -> Iterator[Walk]:
    folder = Path(os.environ.get("RELAIS_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    javascript = request.param
    walk = Walk(browser, live_server.url, javascript, folder, "js" if javascript else "nojs")
    yield walk
    walk.close()


def plain_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return body.get_content()


def mentions(text: str, secret: str) -> bool:
    """Whether ``text`` says ``secret`` as a whole: the case number 2026-1 is not in the date
    2026-12-07."""
    return re.search(rf"(?<![\w-]){re.escape(secret)}(?![\w-])", text) is not None


def the_day(moment, *, zone: str = "Europe/Brussels") -> tuple[date, str]:
    """The day of ``moment`` where the school is, and how a French page writes it."""
    day = timezone.localtime(moment, ZoneInfo(zone)).date()
    with translation.override("fr"):
        return day, formats.date_format(day, "DATE_FORMAT")


def test_a_school_handles_a_case_from_the_notice_to_the_escalation(walk: Walk, scene: Scene, smtp):  # noqa: F811
    base = walk.base

    # 1. The school acknowledges the notice through its link, then the head signs in.
    head = walk.person(DESKTOP)
    head.goto(f"{base}/ack/?t={scene.ack_token}")
    assert "Les faits signalés" in head.inner_text("main")
    walk.check(head, "01-ack")
    head.fill("input[name=name]", "Anne Leroy")
    head.fill("input[name=role]", "directrice")
    head.click("main button[type=submit]")
    assert "Reçu : accusé de réception du signalement" in head.inner_text("main")
    assert scene.alert.notices.get().state == NoticeState.ACKNOWLEDGED  # type: ignore[attr-defined]
    walk.check(head, "02-receipt")

    walk.sign_in(head, scene.head)
    head.goto(f"{base}/school/")
    assert "Signalements sans dossier" in head.inner_text("main")
    walk.check(head, "03-school-home")

    # 2. The head opens the case from the notice and records what the school does.
    notice = scene.alert.notices.get()  # type: ignore[attr-defined]
    head.click(f"form[action='/school/notices/{notice.pk}/open/'] button")
    case = Case.objects.get()
    assert head.url == f"{base}/school/cases/{case.pk}/"
    assert f"Dossier {case.number}" in head.inner_text("h1")
    walk.check(head, "04-case-opened")

    # The pupil then comes forward: the case is no longer only an anonymous notice, and the
    # checklist adds the steps about the pupil and the parents.
    assert not case.victim_known
    head.check("#id_victim_known")
    head.check("#id_minor")
    head.click("#about button[type=submit]")
    case.refresh_from_db()
    assert case.victim_known and case.minor
    assert head.locator("#step-reassure_pupil").count() == 1

    head.check(f"#id_step-{MEASURE}-checkbox")
    head.click(f"#step-{MEASURE} button[type=submit]")
    measure = CaseStep.objects.get(case=case, key=MEASURE)
    assert measure.done_at is not None and measure.family_visible
    assert measure.entry_id is not None  # the proof-log entry the family's line rests on
    assert "enregistré le" in head.inner_text(f"#step-{MEASURE}")
    walk.check(head, "05-measure-recorded")

    head.select_option("#id_role", "target")
    head.fill("#id_class_name", "1re B")
    head.fill("#id_real_name", REAL_NAME)
    head.click("#add-person button[type=submit]")
    assert CasePerson.objects.get(case=case).label == "Élève A"
    head.fill("#id_school-body", NOTE)
    head.click("#notes-school button[type=submit]")
    assert "surveillance renforcée" in head.inner_text("#notes-school")

    head.click("text=Adresser le dossier à un service de l'annuaire")
    head.fill("#id_q", "7700")
    head.click("main button[type=submit]")
    assert scene.cpms.name in head.inner_text("main")
    walk.check(head, "06-directory")
    head.click(f"text=Adresser le dossier {case.number} à ce service >> nth=0")
    assert scene.cpms.name in head.inner_text("h1")
    head.check("input[name=consent_by][value=parents]")
    head.fill("#id_consent_at", timezone.localdate().isoformat())
    head.fill("#id_request", REQUEST)
    walk.check(head, "07-referral-form")
    head.click("text=Envoyer la demande")
    referral = Referral.objects.get()
    assert (referral.service, referral.consent_by) == (scene.cpms, "parents")
    assert head.url.startswith(f"{base}/school/cases/{case.pk}/")
    assert scene.cpms.name in head.inner_text("#referrals")
    walk.check(head, "08-case-referred")

    # 3. The CPMS accepts through the link of the e-mail that reached the SMTP server.
    send_due()
    [to_cpms] = [m for m in smtp.sink.messages if m["To"] == scene.cpms.email]
    token = plain_text(to_cpms).split("/relay/?t=", 1)[1].split()[0]
    cpms = walk.person(PHONE)
    cpms.goto(f"{base}/relay/?t={token}")
    request = cpms.inner_text("main")
    assert f"Demande pour le dossier {case.number}" in request
    assert "Élève A" in request and REAL_NAME not in request
    walk.check(cpms, "09-cpms-request")
    cpms.click("text=Accepter la demande")
    assert Referral.objects.get().state == ReferralState.ACCEPTED
    assert "Indiquer l'intervention comme terminée" in cpms.inner_text("main")
    walk.check(cpms, "10-cpms-accepted")

    # 4. The family reads what the school did, and nothing else of the case.
    family = walk.person(PHONE)
    family.goto(f"{base}/my/")
    family.fill("input[name=receipt]", scene.receipt)
    family.click("#mailbox-open-form button[type=submit]")
    day, day_words = the_day(measure.done_at)
    assert family.inner_text("#school-steps-title") == "Ce que l'école a fait"
    [line] = family.locator("#school-steps li").all()
    assert line.locator(".school-step-words").inner_text() == FAMILY_WORDS
    assert line.locator("time").get_attribute("datetime") == day.isoformat()
    assert line.locator("time").inner_text() == day_words
    mailbox = family.inner_text("main")
    for secret in (
        REAL_NAME,
        "Élève A",
        "1re B",
        NOTE[:20],
        REQUEST[:20],
        scene.cpms.name,
        "CPMS",
        case.number,
        "Anne",
        "Leroy",
        "anne",
        "éducateurs",
    ):
        assert not mentions(mailbox, secret), secret
    walk.check(family, "11-mailbox")

    api = family.context.request
    session = api.post(f"{base}/api/v1/mailbox/session", data={"receipt": scene.receipt})
    assert session.status == 200, session.text()
    answer = api.get(
        f"{base}/api/v1/mailbox",
        headers={"Authorization": f"Bearer {session.json()['token']}", "Accept-Language": "fr"},
    )
    assert answer.status == 200, answer.text()
    [step] = answer.json()["school_steps"]
    assert (step["key"], step["title"]) == (MEASURE, FAMILY_WORDS)
    assert the_day(datetime.fromisoformat(step["done_at"]))[0] == day
    for secret in (REAL_NAME, "Élève A", NOTE[:20], REQUEST[:20], scene.cpms.name, case.number):
        assert not mentions(answer.text(), secret), secret

    family.goto(f"{base}/my/choices/")
    family.check("input[name=escalation]")
    family.click("#consent-form button[type=submit]")
    scene.alert.refresh_from_db()  # type: ignore[attr-defined]
    assert scene.alert.consent_escalation  # type: ignore[attr-defined]

    # 5. Time passes. Two days on, the steps left undone are reminded, in French, without names.
    opened = case.opened_at
    reminded = sweep(now=opened + timedelta(days=2))
    assert reminded.reminded >= 1 and reminded.emails == 1 and reminded.proposed == 0
    swept = marks_for(CaseStep.objects.filter(case=case))
    assert swept and MEASURE not in {row.key for row in CaseStep.objects.filter(pk__in=swept)}
    send_due()
    queued = OutboxMessage.objects.get(kind=OutboxKind.REMINDER)
    [reminder] = smtp.sink.with_id(queued.message_id)
    assert reminder["To"] == DIRECTION
    assert reminder["Subject"].startswith("Institut Saint-Henri : ")
    assert "en retard" in reminder["Subject"]
    text = plain_text(reminder)
    assert text.startswith("Madame, Monsieur,")
    assert f"Dossier {case.number} : " in text and "échéance" in text
    assert "Prévenir les éducateurs" not in text  # recorded: not reminded
    for secret in (REAL_NAME, "Léa", "Martin", "Élève A", "Anne", "Leroy", NOTE[:20], FACTS[:20]):
        assert secret not in text and secret not in reminder["Subject"], secret

    # Past the protocol's second delay (7 days after a due date), escalation is proposed.
    proposed = sweep(now=opened + timedelta(days=10))
    assert proposed.proposed >= 1
    send_due()  # the worker's outbox sends this run's reminders too
    swept = marks_for(CaseStep.objects.filter(case=case))
    waiting = [
        (row, swept[row.pk])
        for row in CaseStep.objects.filter(pk__in=swept)
        if swept[row.pk].escalation_proposed_at
    ]
    assert waiting and MEASURE not in {row.key for row, _ in waiting}

    worker = walk.person(DESKTOP)
    walk.sign_in(worker, scene.worker)
    worker.goto(f"{base}/staff/alerts/{scene.alert.pk}/")  # type: ignore[attr-defined]
    section = worker.inner_text(f"#case-{case.pk}")
    assert "Escalade proposée : ces étapes ont largement dépassé leur échéance." in section
    assert "Envoyer l'escalade à l'autorité" in section
    for secret in (REAL_NAME, "Élève A", NOTE[:20], REQUEST[:20]):
        assert secret not in section, secret
    worker.locator(f"#case-{case.pk}").scroll_into_view_if_needed()
    walk.check(worker, "12-alert-escalation")

    head.goto(f"{base}/school/cases/{case.pk}/")
    for row, marks in waiting:
        # The row says the step was reminded and that escalation is proposed, and when.
        shown = head.locator(f"#step-{row.key}")
        words = shown.inner_text().lower()
        assert "rappel envoyé le" in words and "escalade" in words, words
        proposed_on = timezone.localtime(marks.escalation_proposed_at, ZoneInfo("Europe/Brussels"))
        # (A step first due between the two sweeps is reminded by the second: the same time.)
        assert shown.locator(f"time[datetime='{proposed_on.isoformat()}']").count() >= 1
    walk.check(head, "13-case-escalation")

    assert {moment: found for moment, found in walk.axe.items() if found} == {}
    for page in (head, cpms, family, worker):
        assert page.recorder.foreign_hosts() == set()  # type: ignore[attr-defined]
        assert page.recorder.csp_violations() == []  # type: ignore[attr-defined]

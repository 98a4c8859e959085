"""The association follows the school's case on its alert page and writes to the school within it
(issue 12, point 7): the school, number, status, steps done and overdue, referrals' states,
escalation proposals and the conversation; never a step's content, a person, a referral's
request, a school-only note or a school member's name. The school never sees the reporter.

alice (case worker, the organisation handling the alert) follows; bob (case worker of another
organisation) and charlie (no role) see no case and write in none: 404 (403 for no role)."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from relais.accounts.models import Role
from relais.alerts.models import Alert
from relais.alerts.services import post_reporter_message, post_staff_message
from relais.audit.models import AuditAction, AuditEvent
from relais.cases.deadlines import sweep
from relais.cases.models import CaseNote, ConsentBy, NoteAudience, PersonRole
from relais.cases.referrals import refer
from relais.cases.services import add_person, link_alert, open_from_notice, write_note
from relais.cases.steps import protocol_of
from relais.directory.models import Service
from tests.cases.conftest import acknowledged_notice
from tests.conftest import login_verified
from tests.factories import OrganisationFactory, UserFactory, make_alert
from tests.school_steps import SCHOOL_TEXT, case_about, direction_of, record, steps_of

REQUEST = "Merci de recevoir Élève A et ses parents cette semaine, au sujet de la cantine."
SCHOOL_NOTE = "Note interne : la mère d'Élève A a appelé la direction."
TO_ASSOCIATION = "Les éducateurs surveillent la cour depuis lundi."


@pytest.fixture
def direction(school):
    return direction_of(school)


@pytest.fixture
def case(submitted, direction):
    """Opened ten days ago: its first steps are overdue, and past the second delay."""
    notice = acknowledged_notice(submitted.alert)
    return open_from_notice(notice=notice, by=direction, now=timezone.now() - timedelta(days=10))


@pytest.fixture
def followed(case, direction):
    """The case as a school would have filled it: a step done (with the school's own words),
    a person with a real name, a referral, a note for the team and one for the association,
    and the deadline sweep's reminders and escalation proposals."""
    done = next(step for step in steps_of(case, visible=False) if step.record == "text")
    record(case, done, by=direction)
    add_person(case=case, by=direction, role=PersonRole.TARGET, real_name="Jules Martin")
    pms = Service.objects.create(
        name="Centre PMS de Mouscron",
        kind=Service.Kind.PMS,
        area="Mouscron",
        jurisdiction="be-fwb",
        email="pms@mouscron.example",
    )
    refer(
        case=case,
        service=pms,
        consent_by=ConsentBy.PARENTS,
        consent_at=timezone.localdate(),
        request=REQUEST,
        by=direction,
    )
    write_note(case=case, by=direction, body=SCHOOL_NOTE, audience=NoteAudience.SCHOOL)
    write_note(case=case, by=direction, body=TO_ASSOCIATION, audience=NoteAudience.ASSOCIATION)
    sweep()
    return done


def section(html: str, case) -> str:
    match = re.search(rf'<section class="case" id="case-{case.pk}".*?</section>', html, re.S)
    assert match, "no section for the case"
    return unescape(match.group(0))


def test_alice_follows_the_case_on_the_alert_page(alice_client, submitted, case, followed):
    html = alice_client.get(f"/staff/alerts/{submitted.alert.pk}/").content.decode()
    shown = section(html, case)
    protocol = protocol_of(case)

    assert f"The school's case {case.number} — Institut Saint-Henri" in shown
    assert "Open" in shown and protocol.label() in shown
    assert followed.title["en"] in shown  # done, with its day
    overdue = re.search(r'<ul class="case-steps overdue">(.*?)</ul>', shown, re.S).group(1)
    assert protocol.step("team_discretion").title["en"] in overdue
    assert "Escalation proposed" in shown
    assert "PMS centre: request made (e-mail being sent)" in shown  # not accepted yet
    assert TO_ASSOCIATION in shown and "The school" in shown


def test_alice_sees_no_content_person_request_school_note_or_member(
    alice_client, submitted, case, followed, direction
):
    html = unescape(alice_client.get(f"/staff/alerts/{submitted.alert.pk}/").content.decode())

    for secret in ("Jules", "Martin", "Dupont", SCHOOL_NOTE, REQUEST):
        assert secret not in html
    assert SCHOOL_TEXT not in html
    assert direction.username not in html


def test_the_case_s_viewing_is_audited_once_per_visit(alice_client, alice, submitted, case):
    url = f"/staff/alerts/{submitted.alert.pk}/"
    alice_client.get(url)
    alice_client.get(url)
    viewed = AuditEvent.objects.filter(
        action=AuditAction.CASE_VIEWED, object_id=str(case.pk), actor=alice
    )
    assert viewed.count() == 1


def test_alice_writes_to_the_school(alice_client, alice, submitted, case):
    url = f"/staff/alerts/{submitted.alert.pk}/cases/{case.pk}/notes/"

    response = alice_client.post(
        url, {f"case-{case.pk}-body": "Pouvez-vous nous tenir au courant ?"}
    )

    assert response.status_code == 303
    assert response["Location"] == f"/staff/alerts/{submitted.alert.pk}/#case-{case.pk}"
    note = CaseNote.objects.get(case=case)
    assert (note.audience, note.author, note.body) == (
        NoteAudience.ASSOCIATION,
        alice,
        "Pouvez-vous nous tenir au courant ?",
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.CASE_NOTE_WRITTEN, object_id=str(case.pk), actor=alice
    ).exists()
    shown = section(alice_client.get(response["Location"]).content.decode(), case)
    assert "The association" in shown and "Pouvez-vous nous tenir au courant ?" in shown


@pytest.mark.parametrize(
    ("body", "message"),
    [("   ", "Write a message first."), ("x" * 10_001, "at most 10000 characters")],
)
def test_a_bad_message_is_refused_and_nothing_stored(alice_client, submitted, case, body, message):
    url = f"/staff/alerts/{submitted.alert.pk}/cases/{case.pk}/notes/"

    response = alice_client.post(url, {f"case-{case.pk}-body": body})

    assert response.status_code == 400
    assert message in unescape(response.content.decode())
    assert not CaseNote.objects.exists()


def test_a_case_of_another_alert_is_not_found_through_this_one(
    alice_client, submitted, case, school, direction
):
    other = make_alert(school, description="Une autre situation dans la même école.")
    other_case = case_about(other.alert, by=direction)

    html = alice_client.get(f"/staff/alerts/{submitted.alert.pk}/").content.decode()
    assert f'id="case-{other_case.pk}"' not in html
    url = f"/staff/alerts/{submitted.alert.pk}/cases/{other_case.pk}/notes/"
    assert alice_client.post(url, {f"case-{other_case.pk}-body": "Bonjour"}).status_code == 404
    assert not CaseNote.objects.exists()


def test_bob_sees_no_case_and_writes_in_none(bob_client, bob, submitted, case, fr_school):
    # bob handles alerts too, of his own organisation: none of them gathers alice's case.
    own = make_alert(fr_school, description="Une alerte en France.")
    html = bob_client.get(f"/staff/alerts/{own.alert.pk}/").content.decode()
    assert 'id="case-' not in html
    assert bob_client.get(f"/staff/alerts/{submitted.alert.pk}/").status_code == 404
    for alert_id in (submitted.alert.pk, own.alert.pk):
        url = f"/staff/alerts/{alert_id}/cases/{case.pk}/notes/"
        assert bob_client.post(url, {f"case-{case.pk}-body": "Bonjour"}).status_code == 404
    assert not CaseNote.objects.exists()


def test_charlie_and_the_school_write_nothing_here(charlie_client, submitted, case, direction):
    url = f"/staff/alerts/{submitted.alert.pk}/cases/{case.pk}/notes/"
    assert charlie_client.post(url, {f"case-{case.pk}-body": "Bonjour"}).status_code == 403
    school_client = login_verified(Client(), direction)
    assert school_client.post(url, {f"case-{case.pk}-body": "Bonjour"}).status_code in {302, 403}
    assert not CaseNote.objects.exists()


def test_the_school_never_sees_the_reporter(submitted, case, followed, direction, alice):
    post_reporter_message(alert=submitted.alert, body="Je suis la sœur de la victime, Léa.")
    post_staff_message(alert=submitted.alert, actor=alice, body="Merci Léa, nous avançons.")
    school = login_verified(Client(), direction)

    for path in (f"/school/cases/{case.pk}/", "/school/"):
        response = school.get(path)
        assert response.status_code == 200, path
        html = unescape(response.content.decode())
        assert submitted.receipt not in html, path
        assert submitted.alert.description not in html, path
        assert "Léa" not in html, path
        assert "sœur" not in html, path
    # What the association wrote in the case, the school reads.
    assert TO_ASSOCIATION in unescape(school.get(f"/school/cases/{case.pk}/").content.decode())


def test_each_association_reads_only_its_own_side_of_the_conversation(
    alice_client, alice, submitted, case, school, direction
):
    """Two associations may handle alerts that one case gathers (two organisations covering one
    jurisdiction): each reads the school's notes and its own, never the other's."""
    other_org = OrganisationFactory(name="Autre association", jurisdictions=["be-fwb"])
    eve = UserFactory(username="eve", organisation=other_org, role=Role.CASE_WORKER)
    second = make_alert(school, description="La même situation, signalée ailleurs.")
    Alert.objects.filter(pk=second.alert.pk).update(organisation=other_org)
    second.alert.refresh_from_db()
    link_alert(
        case=case, alert=second.alert, by=direction, notice=acknowledged_notice(second.alert)
    )
    write_note(
        case=case, by=alice, body="Message de la première.", audience=NoteAudience.ASSOCIATION
    )
    write_note(case=case, by=eve, body="Message de la seconde.", audience=NoteAudience.ASSOCIATION)
    write_note(case=case, by=direction, body=TO_ASSOCIATION, audience=NoteAudience.ASSOCIATION)
    eve_client = Client()
    login_verified(eve_client, eve)

    alice_sees = section(
        alice_client.get(f"/staff/alerts/{submitted.alert.pk}/").content.decode(), case
    )
    eve_sees = section(eve_client.get(f"/staff/alerts/{second.alert.pk}/").content.decode(), case)

    assert "Message de la première." in alice_sees and "Message de la seconde." not in alice_sees
    assert "Message de la seconde." in eve_sees and "Message de la première." not in eve_sees
    assert TO_ASSOCIATION in alice_sees and TO_ASSOCIATION in eve_sees

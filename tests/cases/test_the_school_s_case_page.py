"""The school's case page: the checklist in groups with a form per step by its record kind, what
is known (editable), the people, the notes, and each POST answering 303 back to the case, or 400
with the form kept and nothing stored."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.models import Case, CaseNote, CasePerson, CaseState, CaseStep, Origin
from relais.cases.services import open_case, record_step
from tests.conftest import client_of

erin_client = client_of("erin")


@pytest.fixture
def case(alice, school):
    return open_case(
        school=school,
        by=alice,
        origin=Origin.PUPIL,
        conditions={"victim_known": True, "minor": True},
        summary="Élève A est insulté·e en classe.",
    )


def url(case, rest: str = "") -> str:
    return f"/school/cases/{case.pk}/{rest}"


def step(case, key):
    return CaseStep.objects.get(case=case, key=key)


def test_the_page_shows_the_checklist_with_a_form_by_record_kind(alice_client, case):
    html = alice_client.get(url(case)).content.decode()

    assert f"Case {case.number}" in html
    # A checkbox step, a text step and the checklist of the meeting with the parents.
    assert 'name="step-reassure_pupil-checkbox"' in html
    assert 'name="step-contact_mediation-text"' in html
    assert 'name="step-parents_meeting-checklist" value="no_initiatives"' in html
    assert "Élève A est insulté·e en classe." in html
    # The meeting with the parents hands their leaflet (relais/cases/leaflet.py).
    meeting = html.split('id="step-parents_meeting"')[1].split("</li>")[0]
    assert f'href="/school/cases/{case.pk}/leaflet.pdf"' in meeting


def test_steps_are_grouped_overdue_due_soon_to_do_waiting_done(alice, alice_client, case):
    now = timezone.now()
    CaseStep.objects.filter(case=case, key="reassure_pupil").update(due_at=now - timedelta(1))
    CaseStep.objects.filter(case=case, key="team_discretion").update(due_at=now + timedelta(1))
    CaseStep.objects.filter(case=case, key="inform_po").update(due_at=now + timedelta(9))
    record_step(case=case, key="keep_evidence", value={"checked": True}, by=alice)

    html = alice_client.get(url(case)).content.decode()

    order = [
        html.index('class="group overdue"'),
        html.index('id="step-reassure_pupil"'),
        html.index('class="group due_soon"'),
        html.index('id="step-team_discretion"'),
        html.index('class="group due"'),
        html.index('id="step-inform_po"'),
        html.index('class="group waiting"'),
        html.index('id="step-postvention"'),
        html.index('class="group done"'),
        html.index('id="step-keep_evidence"'),
    ]
    assert order == sorted(order)


def test_recording_a_step_answers_303_back_to_the_case(alice_client, case):
    response = alice_client.post(
        url(case, "steps/contact_mediation/"), {"step-contact_mediation-text": "Appel au SMSW."}
    )

    assert response.status_code == 303
    assert response["Location"] == url(case) + "#checklist"
    recorded = step(case, "contact_mediation")
    assert recorded.done_at is not None and recorded.value == {"text": "Appel au SMSW."}
    page = alice_client.get(response["Location"]).content.decode()
    assert "Appel au SMSW." in page and "Recorded: " in page


def test_a_checkbox_step_records_that_it_was_done(alice_client, case):
    response = alice_client.post(
        url(case, "steps/reassure_pupil/"), {"step-reassure_pupil-checkbox": "on"}
    )

    assert response.status_code == 303
    recorded = step(case, "reassure_pupil")
    assert recorded.value == {"checked": True} and recorded.entry_id is not None


def test_a_checklist_step_records_the_points_ticked(alice_client, case):
    response = alice_client.post(
        url(case, "steps/parents_meeting/"),
        {"step-parents_meeting-checklist": ["safety", "no_initiatives"]},
    )

    assert response.status_code == 303
    assert step(case, "parents_meeting").value == {"checklist": ["safety", "no_initiatives"]}


def test_an_empty_step_form_is_refused_with_the_form_kept(alice_client, case):
    response = alice_client.post(url(case, "steps/contact_mediation/"), {})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Write what was done." in html and "Nothing was saved." in html
    assert step(case, "contact_mediation").done_at is None


def test_a_step_recorded_twice_is_refused_in_words_and_stored_once(alice, alice_client, case):
    record_step(case=case, key="team_discretion", value={"checked": True}, by=alice)
    entry = step(case, "team_discretion").entry_id

    response = alice_client.post(
        url(case, "steps/team_discretion/"), {"step-team_discretion-checkbox": "on"}
    )

    assert response.status_code == 400
    assert "This step was already recorded." in response.content.decode()
    assert step(case, "team_discretion").entry_id == entry


def test_an_educator_cannot_record_a_direction_s_step(erin_client, case):
    html = erin_client.get(url(case)).content.decode()
    assert 'name="step-team_discretion-checkbox"' not in html

    response = erin_client.post(
        url(case, "steps/team_discretion/"), {"step-team_discretion-checkbox": "on"}
    )

    assert response.status_code == 400
    assert "recorded by the school&#x27;s direction" in response.content.decode()
    assert step(case, "team_discretion").done_at is None


def test_an_unknown_step_is_not_found(alice_client, case):
    assert alice_client.post(url(case, "steps/no_such_step/"), {}).status_code == 404


def test_changing_what_is_known_changes_the_checklist(alice_client, case):
    response = alice_client.post(
        url(case, "about/"),
        {"victim_known": "on", "minor": "on", "danger": "on", "summary": "Menaces. Élève B."},
    )

    assert response.status_code == 303
    case.refresh_from_db()
    assert case.danger and case.summary == "Menaces. Élève B."
    assert CaseStep.objects.filter(case=case, key="danger_safety").exists()


def test_a_summary_too_long_is_refused_and_nothing_changes(alice_client, case):
    response = alice_client.post(url(case, "about/"), {"minor": "on", "summary": "x" * 10_001})

    assert response.status_code == 400
    case.refresh_from_db()
    assert case.victim_known and case.summary == "Élève A est insulté·e en classe."


def test_the_direction_adds_a_person_with_a_real_name_read_only_on_request(alice_client, case):
    response = alice_client.post(
        url(case, "people/"), {"role": "target", "class_name": "2B", "real_name": "Léa Martin"}
    )
    assert response.status_code == 303
    person = CasePerson.objects.get(case=case)
    assert (person.label, person.real_name) == ("Élève A", "Léa Martin")

    plain = alice_client.get(url(case)).content.decode()
    assert "Élève A" in plain and "Léa Martin" not in plain
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_NAMES_VIEWED).exists()

    named = alice_client.get(url(case) + "?names=1").content.decode()
    assert "Léa Martin" in named
    assert AuditEvent.objects.filter(action=AuditAction.CASE_NAMES_VIEWED).count() == 1


def test_an_educator_is_never_offered_nor_given_the_real_names(alice, erin_client, case):
    CasePerson.objects.create(case=case, role="target", label="Élève A", real_name="Léa Martin")

    html = erin_client.get(url(case) + "?names=1").content.decode()
    assert "Léa Martin" not in html and "real_name" not in html

    # A forged field is ignored: the educator's form has none.
    response = erin_client.post(url(case, "people/"), {"role": "witness", "real_name": "Tom"})
    assert response.status_code == 303
    assert CasePerson.objects.get(label="Élève B").real_name == ""
    assert not AuditEvent.objects.filter(action=AuditAction.CASE_NAMES_VIEWED).exists()


def test_the_direction_changes_a_person(alice_client, case):
    alice_client.post(url(case, "people/"), {"role": "witness"})
    person = CasePerson.objects.get()

    response = alice_client.post(
        url(case, f"people/{person.pk}/"),
        {f"person-{person.pk}-role": "alleged_author", f"person-{person.pk}-class_name": "3A"},
    )

    assert response.status_code == 303
    person.refresh_from_db()
    assert (person.role, person.class_name) == ("alleged_author", "3A")


def test_notes_for_the_team_and_for_the_association_are_labelled_apart(alice_client, acknowledged):
    alice_client.post(f"/school/notices/{acknowledged.pk}/open/")
    case = Case.objects.get()

    alice_client.post(url(case, "notes/school/"), {"school-body": "Entre nous."})
    alice_client.post(url(case, "notes/association/"), {"association-body": "Bonjour."})

    html = alice_client.get(url(case)).content.decode()
    team, conversation = (
        html.index("The school's team only"),
        html.index("Conversation with the association"),
    )
    assert team < html.index("Entre nous.") < conversation < html.index("Bonjour.")
    assert {(n.audience, n.body) for n in CaseNote.objects.all()} == {
        ("school", "Entre nous."),
        ("association", "Bonjour."),
    }


def test_a_case_without_an_alert_has_no_conversation_with_an_association(alice_client, case):
    html = alice_client.get(url(case)).content.decode()

    assert "Conversation with the association" not in html
    assert alice_client.post(url(case, "notes/nobody/"), {"nobody-body": "x"}).status_code == 404


def test_a_blank_note_is_refused(alice_client, case):
    response = alice_client.post(url(case, "notes/school/"), {"school-body": "   "})

    assert response.status_code == 400
    assert not CaseNote.objects.exists()


def test_the_direction_closes_the_case_an_educator_cannot(alice_client, erin_client, case):
    assert "Close the case" not in erin_client.get(url(case)).content.decode()
    refused = erin_client.post(url(case, "close/"), {"outcome": "stopped", "confirm": "yes"})
    assert refused.status_code == 400

    page = alice_client.get(url(case, "close/"), {"outcome": "stopped"}).content.decode()
    [token] = re.findall(r'name="token" value="([^"]+)"', page)
    response = alice_client.post(
        url(case, "close/"), {"outcome": "stopped", "confirm": "yes", "token": token}
    )

    assert response.status_code == 303
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    html = alice_client.get(url(case)).content.decode()
    assert (
        "This case was closed on" in html
        and "<form" not in html.split('id="checklist"')[1].split("</section>")[0]
    )


def test_opening_the_case_is_audited_once_per_visit(alice_client, erin_client, case):
    for _ in range(3):
        alice_client.get(url(case))
    erin_client.get(url(case))

    viewed = AuditEvent.objects.filter(action=AuditAction.CASE_VIEWED, object_id=str(case.pk))
    assert sorted(viewed.values_list("actor__username", flat=True)) == ["alice", "erin"]
    assert set(viewed.values_list("actor_kind", flat=True)) == {"school"}


def test_a_pupil_coming_forward_opens_a_case_directly(alice_client, school):
    page = alice_client.get("/school/cases/new/").content.decode()
    assert 'name="protocol"' in page and "No names here" in page

    response = alice_client.post(
        "/school/cases/new/",
        {"protocol": "fwb-procedure", "victim_known": "on", "summary": "Élève A se confie."},
    )

    assert response.status_code == 303
    created = school.cases.get()
    assert (created.protocol, created.origin, created.minor) == ("fwb-procedure", "pupil", False)


def test_a_protocol_of_another_jurisdiction_is_refused(alice_client, school):
    response = alice_client.post("/school/cases/new/", {"protocol": "phare"})

    assert response.status_code == 400
    assert not school.cases.exists()


def test_a_date_step_records_the_day_and_refuses_a_day_to_come(alice, alice_client, school):
    fwb = open_case(
        school=school,
        by=alice,
        origin=Origin.PUPIL,
        protocol_key="fwb-procedure",
        conditions={"victim_known": True},
    )
    today = timezone.localdate()

    future = alice_client.post(
        url(fwb, "steps/hear_target/"), {"step-hear_target-date": str(today + timedelta(3))}
    )
    assert future.status_code == 400
    assert "This date is in the future." in future.content.decode()
    assert step(fwb, "hear_target").done_at is None

    done = alice_client.post(url(fwb, "steps/hear_target/"), {"step-hear_target-date": str(today)})
    assert done.status_code == 303
    assert step(fwb, "hear_target").value == {"date": today.isoformat()}

"""What a recorded step shows on the school's case page: a checklist's points not covered, named
(the record stays as it was: it is proof); a date as a day ("7 December 2026"), not as stored;
the standing referrals to the kind of service a step suggests, without recording the step; an
escalation proposal naming the authority of the school's jurisdiction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from relais.cases import referrals
from relais.cases.models import CaseStep, Origin, ReferralState
from relais.cases.services import open_case, record_step
from tests.cases.referral_support import mint_link, refer
from tests.cases.sweep_support import overdue_and_swept


@pytest.fixture
def case(alice, school):
    return open_case(
        school=school,
        by=alice,
        origin=Origin.PUPIL,
        conditions={"victim_known": True, "minor": True},
    )


def step_html(client, case, key: str) -> str:
    html = client.get(f"/school/cases/{case.pk}/").content.decode()
    return html.split(f'id="step-{key}"')[1].split("</li>\n    \n")[0].split('<li class="step')[0]


def test_a_meeting_with_points_left_out_names_them(alice, alice_client, case):
    ticked = ["safety", "relays_informed", "no_initiatives", "discretion"]
    record_step(case=case, key="parents_meeting", value={"checklist": ticked}, by=alice)

    meeting = step_html(alice_client, case, "parents_meeting")

    assert meeting.index("Points covered:") < meeting.index("Points not covered:")
    missing = meeting.split("Points not covered:")[1]
    assert "encourage the parents and the young person to file a complaint" in missing
    assert "Hand over the information leaflet for victims&#x27; parents" in missing
    assert "Assure them that the head will watch" not in missing
    # The record is the proof: it is not completed afterwards.
    assert 'name="step-parents_meeting-checklist"' not in meeting
    row = CaseStep.objects.get(case=case, key="parents_meeting")
    assert row.value == {"checklist": ticked}


def test_a_meeting_that_covered_every_point_says_nothing_missing(alice, alice_client, case):
    every = ["safety", "relays_informed", "no_initiatives", "discretion", "complaint", "leaflet"]
    record_step(case=case, key="parents_meeting", value={"checklist": every}, by=alice)

    meeting = step_html(alice_client, case, "parents_meeting")
    assert "Points not covered:" not in meeting and "Points covered:" not in meeting


def test_a_recorded_date_reads_as_a_day(alice, alice_client, school):
    fwb = open_case(
        school=school,
        by=alice,
        origin=Origin.PUPIL,
        protocol_key="fwb-procedure",
        conditions={"victim_known": True},
    )
    day = timezone.localdate() - timedelta(days=1)
    record_step(case=fwb, key="hear_target", value={"date": day.isoformat()}, by=alice)

    hearing = step_html(alice_client, fwb, "hear_target")

    assert f"{day.day} {day:%B} {day.year}" in hearing
    assert day.isoformat() not in hearing.replace(f'datetime="{day.isoformat()}', "")


def test_a_step_shows_where_the_referral_of_its_kind_stands(alice, alice_client, case, cpms, psy):
    referral = refer(case, alice, cpms)
    elsewhere = refer(case, alice, psy)
    link = referrals.link_for_token(mint_link(referral))
    referrals.answer(referral=referral, accept=True, by_link_or_user=link)
    today = timezone.localdate()

    contact = step_html(alice_client, case, "contact_pms")

    assert f"Referral sent to CPMS Libre Mouscron 1 on {today.day} {today:%B} {today.year}" in (
        contact
    )
    assert "accepted on" in contact
    assert elsewhere.service.name not in contact
    # The school records the step itself: a referral's status invents no event.
    assert CaseStep.objects.get(case=case, key="contact_pms").done_at is None
    assert 'name="step-contact_pms-checkbox"' in contact
    assert "Record the step yourself" in contact


def test_a_referral_done_says_so_and_a_withdrawn_one_is_not_shown(alice, alice_client, case, cpms):
    done = refer(case, alice, cpms)
    link = referrals.link_for_token(mint_link(done))
    referrals.answer(referral=done, accept=True, by_link_or_user=link)
    referrals.mark_done(referral=done, note="Entretien avec Élève A.", by_link_or_user=link)
    withdrawn = referrals.revoke(
        referral=refer(case, alice, cpms), reason="Erreur de service.", by=alice
    )
    assert withdrawn.state == ReferralState.REVOKED

    contact = step_html(alice_client, case, "contact_pms")

    assert contact.count("Referral sent to CPMS Libre Mouscron 1") == 1
    assert "done on" in contact


def test_an_escalation_proposal_names_the_jurisdiction_s_authority(alice_client, case, school):
    overdue_and_swept(case, "reassure_pupil", due_at=timezone.now() - timedelta(days=9))

    step = step_html(alice_client, case, "reassure_pupil")

    assert "escalation proposed on" in step
    assert "to: Organising authority" in step
    assert "académie" not in step.lower()


def test_the_school_s_own_authority_is_named_beside_the_pack_s(alice_client, case, school):
    school.authority = "Ville de Mouscron"
    school.save(update_fields=["authority"])
    overdue_and_swept(case, "reassure_pupil", due_at=timezone.now() - timedelta(days=9))

    assert "to: Organising authority (Ville de Mouscron)" in step_html(
        alice_client, case, "reassure_pupil"
    )

"""The consent a referral needs, per jurisdiction (domain.md; GDPR art. 8 and recital 38): who
gave it and when, always; the pupil alone from the pack's consent_age (13 in Belgium, 15 in
France), or at any age for counselling offered directly to young people; a service of another
jurisdiction is refused. Each refusal stores nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from relais.cases.models import ConsentBy, Referral
from relais.cases.services import CaseError
from relais.jurisdictions.packs import PackError, get_pack
from relais.notices.models import OutboxMessage
from relais.notices.texts import texts_for
from relais.proofs.models import ProofEntry
from tests.cases.referral_support import open_case, refer, service
from tests.factories import UserFactory
from tests.jurisdictions.test_a_pack_needs_no_code import xx  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

PUPIL = ConsentBy.PUPIL


def nothing_stored() -> bool:
    return not (Referral.objects.exists() or OutboxMessage.objects.exists()) and (
        ProofEntry.objects.count() == 0
    )


def test_the_packs_give_the_age_of_consent():
    assert get_pack("be-fwb").consent_age == 13
    assert get_pack("fr").consent_age == 15


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent_by": ""}, "needs the consent"),
        ({"consent_by": "teacher"}, "needs the consent"),
        ({"consent_at": None}, "needs the consent"),
        ({"consent_at": date.today() + timedelta(days=1)}, "in the future"),
        ({"consent_by": PUPIL}, "Give the pupil's age"),
        ({"consent_by": PUPIL, "pupil_age": "14"}, "Give the pupil's age"),
        ({"consent_by": PUPIL, "pupil_age": 99}, "Give the pupil's age"),
    ],
)
def test_a_referral_without_a_proper_consent_is_refused(pupil_case, alice, cpms, changes, message):
    with pytest.raises(CaseError, match=message):
        refer(pupil_case, alice, cpms, **changes)
    assert nothing_stored()


def test_in_belgium_a_pupil_consents_alone_from_13(pupil_case, alice, cpms):
    with pytest.raises(CaseError, match="consents alone from 13") as refused:
        refer(pupil_case, alice, cpms, consent_by=PUPIL, pupil_age=12)
    assert "needs the parents' consent" in str(refused.value.message)
    assert nothing_stored()
    referral = refer(pupil_case, alice, cpms, consent_by=PUPIL, pupil_age=13)
    assert referral.consent_by == PUPIL


def test_in_france_a_pupil_consents_alone_from_15(fr_school, fr_cpe):
    direction = UserFactory(username="anne", organisation=None, role="direction", school=fr_school)
    pms = service("CMP de Rennes", "pms", jurisdiction="fr", area="Rennes")
    pupil_case = open_case(fr_school, direction)
    with pytest.raises(CaseError, match="consents alone from 15"):
        refer(pupil_case, direction, pms, consent_by=PUPIL, pupil_age=14)
    assert nothing_stored()
    assert refer(pupil_case, direction, pms, consent_by=PUPIL, pupil_age=15).consent_by == PUPIL


def test_counselling_offered_directly_to_the_pupil_needs_no_parents_at_any_age(
    pupil_case, alice, psy
):
    referral = refer(pupil_case, alice, psy, consent_by=PUPIL, pupil_age=11)
    assert referral.consent_by == PUPIL


def test_the_parents_consent_at_any_age(pupil_case, alice, cpms):
    assert refer(pupil_case, alice, cpms, consent_by=ConsentBy.PARENTS).consent_by == "parents"


def test_the_day_of_consent_is_kept_in_the_school_s_time_zone(pupil_case, alice, cpms):
    day = date.today() - timedelta(days=2)
    referral = refer(pupil_case, alice, cpms, consent_at=day)
    local = timezone.localtime(referral.consent_at, timezone=texts_for("be-fwb").zone())
    assert (local.date(), local.hour) == (day, 0)


def test_a_consent_given_at_a_moment_is_kept_as_is(pupil_case, alice, cpms):
    moment: datetime = timezone.now() - timedelta(hours=3)
    assert refer(pupil_case, alice, cpms, consent_at=moment).consent_at == moment


def test_a_service_of_another_jurisdiction_is_refused(pupil_case, alice, fr_cpe):
    with pytest.raises(CaseError, match="does not act in the school's country"):
        refer(pupil_case, alice, fr_cpe)
    assert nothing_stored()


def test_a_service_without_an_e_mail_is_refused_with_its_phone(pupil_case, alice, cpms):
    cpms.email = ""
    cpms.save()
    with pytest.raises(CaseError, match="056/00 00 00"):
        refer(pupil_case, alice, cpms)
    assert nothing_stored()


def test_only_the_school_s_team_refers_its_case(pupil_case, bob, cpms, remi, dora):
    for someone in (bob, remi, dora):
        with pytest.raises(CaseError, match="Only the school's team"):
            refer(pupil_case, someone, cpms)
    assert nothing_stored()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("", "consent_age must be an age"),
        ("consent_age: fifteen\n", "consent_age must be an age"),
        ("consent_age: 19\n", "consent_age must be an age"),
        ("consent_age: true\n", "consent_age must be an age"),
        ("referral_answer_days: 0\n", "referral_answer_days must be a whole number"),
    ],
)
def test_a_pack_without_a_valid_consent_age_stops_start_up(xx, line, message):  # noqa: F811
    path = xx / "xx" / "pack.yaml"
    kept = [
        row
        for row in path.read_text(encoding="utf-8").splitlines(keepends=True)
        if not row.startswith(line.split(":")[0] or "consent_age")
    ]
    path.write_text("".join(kept) + line, encoding="utf-8")
    with pytest.raises(PackError, match=rf"xx/pack\.yaml: {message}"):
        apps.get_app_config("jurisdictions").ready()

"""The demo's case (relais.demo.cases.ensure_demo_case): opened at the demo school by its
direction through the real services on the jurisdiction's shipped protocol, partly followed,
and made once however often the demo runs."""

from __future__ import annotations

from relais.accounts.models import Role
from relais.cases.models import Case, CaseStep
from relais.demo.cases import RECORDED, SUMMARY, ensure_demo_case
from relais.proofs.kinds import ProofKind
from relais.proofs.models import ProofEntry
from tests.factories import SchoolFactory, UserFactory


def test_the_demo_case_is_opened_once_with_steps_done_and_to_do(db):
    school = SchoolFactory(jurisdiction="be-fwb")
    head = UserFactory(
        username="demo-direction", organisation=None, role=Role.DIRECTION, school=school
    )

    case = ensure_demo_case(school=school, direction=head)
    again = ensure_demo_case(school=school, direction=head)

    assert again.pk == case.pk
    assert Case.objects.count() == 1
    assert (case.protocol, case.summary, case.opened_by) == ("mouscron", SUMMARY, head)
    assert [p.label for p in case.people.all()] == ["Élève A", "Élève B"]
    done = CaseStep.objects.filter(case=case, done_at__isnull=False)
    assert done.count() == RECORDED
    assert CaseStep.objects.filter(case=case, done_at__isnull=True).exists()
    assert ProofEntry.objects.filter(kind=ProofKind.CASE_STEP_RECORDED).count() == RECORDED


def test_relais_demo_opens_it_at_the_demo_school_once(run_demo):
    run_demo()
    run_demo()
    case = Case.objects.get()
    assert (case.school.code, case.opened_by.username) == ("1336", "demo-direction")

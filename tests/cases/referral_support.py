"""What the referral tests build on (tests/cases/test_referrals*.py and the browser test): a
service of the directory with its e-mail, a case opened when a pupil came forward, a referral
with the parents' consent, the link its e-mail would carry. Their fixtures (pupil_case, cpms,
psy, fr_cpe, rita) are in tests/cases/conftest.py.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from relais.cases import referrals
from relais.cases.models import Case, CasePerson, ConsentBy, Origin, PersonRole, Referral
from relais.directory.models import Service

REQUEST = "Élève A (5e B) est insulté·e chaque midi ; pouvez-vous le/la recevoir cette semaine ?"


def service(name: str, kind: str, *, jurisdiction: str = "be-fwb", area: str = "Mouscron") -> Any:
    slug = name.lower().replace(" ", "-")
    return Service.objects.create(
        name=name,
        kind=kind,
        area=area,
        jurisdiction=jurisdiction,
        phone="056/00 00 00",
        email=f"{slug}@service.example",
    )


def open_case(school: Any, by: Any, number: str = "2026-1") -> Case:
    """A case as the case services open it (their own tests cover how), with a pupil whose real
    name only the direction reads."""
    case = Case.objects.create(
        school=school,
        number=number,
        protocol="mouscron",
        origin=Origin.PUPIL,
        opened_at=timezone.now() - timedelta(days=1),
        opened_by=by,
        victim_known=True,
        summary="Élève A est insulté·e à la cantine.",
    )
    CasePerson.objects.create(
        case=case, role=PersonRole.TARGET, label="Élève A", real_name="Lucas Martin"
    )
    CasePerson.objects.create(case=case, role=PersonRole.ALLEGED_AUTHOR, label="Élève B")
    return case


def refer(case: Case, by: Any, to: Any, **changes: Any) -> Referral:
    """Refer with the parents' consent given yesterday, unless ``changes`` say otherwise."""
    arguments: dict[str, Any] = {
        "case": case,
        "service": to,
        "consent_by": ConsentBy.PARENTS,
        "consent_at": date.today() - timedelta(days=1),
        "request": REQUEST,
        "by": by,
    }
    arguments.update(changes)
    return referrals.refer(**arguments)


def mint_link(referral: Referral) -> str:
    """The link the e-mail would carry, minted as the outbox mints it at an attempt; returns
    the token (the e-mail's own trip through SMTP is tested in test_referrals.py)."""
    from relais.cases.referral_mail import mint

    assert referral.message is not None
    body = mint(referral.message, timezone.now(), referral.message.body)
    return body.split("?t=", 1)[1].split()[0]

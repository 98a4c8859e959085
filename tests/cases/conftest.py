"""The people of the case tests, as the brief's alice/bob/charlie:

- alice: the direction of "Institut Saint-Henri" (fixture ``school``, be-fwb);
- erin: an educator of the same school;
- dora: a case worker of the association that handles that school's alerts (``be_org``);
- bob: the direction of another school (``other_school``): 404 for everything of alice's school;
- charlie: a case worker of another organisation (``fr_org``): 404;
- remi: a member of a relay service (a PMS centre) that no case was referred to: 404.

``acknowledged`` is a notice about an alert of alice's school that the school acknowledged, the
usual start of a case. ``protocol`` makes the small test protocol of tests/cases/protocols.py
be-fwb's default (a temporary packs folder) and returns it as the loader read it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from relais.accounts.models import Role
from relais.directory.models import Service
from relais.notices.models import Notice, NoticeState
from relais.protocols.loader import get_protocol
from relais.protocols.model import Protocol
from tests.cases.protocols import KEY, packs_with_test_protocol
from tests.cases.referral_support import open_case, service
from tests.factories import SchoolFactory, UserFactory, make_alert


@pytest.fixture
def alice(school: Any) -> Any:
    return UserFactory(username="alice", organisation=None, role=Role.DIRECTION, school=school)


@pytest.fixture
def erin(school: Any) -> Any:
    return UserFactory(username="erin", organisation=None, role=Role.EDUCATOR, school=school)


@pytest.fixture
def dora(be_org: Any) -> Any:
    return UserFactory(username="dora", organisation=be_org, role=Role.CASE_WORKER)


@pytest.fixture
def other_school(db: Any) -> Any:
    return SchoolFactory(name="École communale du Centre", city="Tournai", code="7500")


@pytest.fixture
def bob(other_school: Any) -> Any:
    return UserFactory(username="bob", organisation=None, role=Role.DIRECTION, school=other_school)


@pytest.fixture
def charlie(fr_org: Any) -> Any:
    return UserFactory(username="charlie", organisation=fr_org, role=Role.CASE_WORKER)


@pytest.fixture
def pms(db: Any) -> Any:
    return Service.objects.create(
        name="Centre PMS de Mouscron", kind=Service.Kind.PMS, area="Mouscron", jurisdiction="be-fwb"
    )


@pytest.fixture
def remi(pms: Any) -> Any:
    return UserFactory(username="remi", organisation=None, role=Role.RELAY, service=pms)


def acknowledged_notice(alert: Any) -> Notice:
    """A notice about ``alert`` that the school acknowledged (the notices' own tests cover how)."""
    return Notice.objects.create(
        alert=alert,
        jurisdiction="be-fwb",
        subject="Signalement",
        body="Texte de l'avis",
        state=NoticeState.ACKNOWLEDGED,
    )


@pytest.fixture
def acknowledged(be_org: Any, school: Any) -> Notice:
    return acknowledged_notice(make_alert(school).alert)


@pytest.fixture
def protocol(settings: Any, tmp_path: Path) -> Protocol:
    settings.JURISDICTION_PACKS_DIR = packs_with_test_protocol(tmp_path / "packs")
    return get_protocol(KEY)


# Referrals (tests/cases/test_referrals*.py; helpers in tests/cases/referral_support.py).


@pytest.fixture
def pupil_case(school: Any, alice: Any) -> Any:
    """alice's open case, opened when a pupil came forward: Élève A (real name Lucas Martin,
    read by the direction only) and Élève B."""
    return open_case(school, alice)


@pytest.fixture
def cpms(db: Any) -> Any:
    """A PMS centre of Mouscron with its e-mail (``pms`` above has none: nothing refers to it)."""
    return service("CPMS Libre Mouscron 1", Service.Kind.PMS)


@pytest.fixture
def psy(db: Any) -> Any:
    """Psychological support offered directly to young people (counselling: no parents needed)."""
    return service("La Passerelle", Service.Kind.PSYCHOLOGICAL)


@pytest.fixture
def fr_cpe(db: Any) -> Any:
    """A service of another jurisdiction than alice's school."""
    return service("Maison des adolescents", Service.Kind.PSYCHOLOGICAL, jurisdiction="fr")


@pytest.fixture
def rita(cpms: Any) -> Any:
    """A member of the CPMS, with an account."""
    return UserFactory(username="rita", organisation=None, role=Role.RELAY, service=cpms)

"""A referral's consent may be dated at most 90 days before the case was opened, as a step's date
(relais.cases.steps.DATE_MARGIN): 1900-01-01 is a typing error, refused beside the field on the
page and by the service, in French, with nothing stored."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from relais.cases.models import Case, Referral
from relais.cases.services import CaseError
from relais.cases.steps import DATE_MARGIN, earliest_day
from relais.notices.models import OutboxMessage
from tests.cases.referral_support import REQUEST, refer


@pytest.fixture
def case(pupil_case: Case) -> Case:
    """Opened 10 days ago."""
    Case.objects.filter(pk=pupil_case.pk).update(opened_at=timezone.now() - timedelta(days=10))
    pupil_case.refresh_from_db()
    return pupil_case


def test_the_earliest_day_is_90_days_before_the_opening(case):
    assert earliest_day(case) == timezone.localdate(case.opened_at - DATE_MARGIN)


def test_the_service_refuses_a_consent_of_1900_in_french(case, alice, cpms):
    with translation.override("fr"), pytest.raises(CaseError) as refused:
        refer(case, alice, cpms, consent_at=date(1900, 1, 1))

    message = str(refused.value.message)
    assert message.startswith(
        "La date du consentement est trop antérieure à l'ouverture du dossier"
    )
    assert not (Referral.objects.exists() or OutboxMessage.objects.exists())


def test_the_day_before_the_earliest_is_refused_and_the_earliest_taken(case, alice, cpms):
    earliest = earliest_day(case)
    with pytest.raises(CaseError, match="too far before the case was opened"):
        refer(case, alice, cpms, consent_at=earliest - timedelta(days=1))

    assert refer(case, alice, cpms, consent_at=earliest).consent_by == "parents"


def test_the_page_says_it_beside_the_field(alice_client, case, cpms):
    url = f"/school/cases/{case.pk}/refer/{cpms.pk}/"
    assert f'min="{earliest_day(case).isoformat()}"' in alice_client.get(url).content.decode()

    response = alice_client.post(
        url,
        {"consent_by": "parents", "consent_at": "1900-01-01", "request": REQUEST},
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "trop antérieure à l&#x27;ouverture du dossier" in html
    assert REQUEST.split(" ;")[0] in html  # the form is kept
    assert not Referral.objects.exists()

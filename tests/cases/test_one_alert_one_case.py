"""One alert, one case: when the association opened the school's case for an alert, a notice about
the same alert that the school acknowledges later is not offered as new on /school/, and opening
it shows that case, now linked to the notice, instead of opening a second one."""

from __future__ import annotations

from django.test import Client

from relais.cases.association import open_case_for_alert
from relais.cases.listing import notices_without_case
from relais.cases.models import Case, CaseAlert
from tests.cases.conftest import acknowledged_notice
from tests.conftest import login_verified
from tests.factories import make_alert


def test_a_notice_about_an_alert_already_in_a_case_joins_that_case(
    protocol, be_org, school, alice, dora
):
    alert = make_alert(school).alert
    case = open_case_for_alert(alert=alert, by=dora)
    notice = acknowledged_notice(alert)
    # Another notice, about an alert no case gathers: still offered.
    fresh = acknowledged_notice(make_alert(school).alert)

    assert list(notices_without_case(school)) == [fresh]
    client = login_verified(Client(), alice)
    assert f"/school/notices/{notice.pk}/open/" not in client.get("/school/").content.decode()

    response = client.post(f"/school/notices/{notice.pk}/open/")

    assert response.status_code in (302, 303)
    assert str(case.pk) in response["Location"] or case.number in response["Location"]
    assert Case.objects.filter(school=school).count() == 1
    assert CaseAlert.objects.get(alert=alert).notice == notice
    # A second click, or a colleague: still the one case.
    client.post(f"/school/notices/{notice.pk}/open/")
    assert Case.objects.filter(school=school).count() == 1

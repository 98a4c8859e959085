"""The association opens the school's case for an alert it handles that no case gathers yet
(origin "association"): once, by a case worker of the organisation handling the alert; the school
then follows it, without the reporter's words. bob (another organisation) gets 404, charlie (no
role) 403, and nothing is stored."""

from __future__ import annotations

from html import unescape

from django.test import Client

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.models import Case, CaseAlert, Origin
from relais.proofs.models import ProofEntry
from tests.conftest import login_verified
from tests.school_steps import case_about, direction_of


def test_alice_opens_the_school_s_case(alice_client, alice, submitted, school):
    page = unescape(alice_client.get(f"/staff/alerts/{submitted.alert.pk}/").content.decode())
    assert "Open the school's case" in page

    response = alice_client.post(f"/staff/alerts/{submitted.alert.pk}/cases/open/")

    case = Case.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/staff/alerts/{submitted.alert.pk}/#case-{case.pk}"
    assert (case.school, case.origin, case.opened_by) == (school, Origin.ASSOCIATION, alice)
    assert list(CaseAlert.objects.values_list("alert", flat=True)) == [submitted.alert.pk]
    assert AuditEvent.objects.filter(action=AuditAction.CASE_OPENED, actor=alice).count() == 1
    assert ProofEntry.objects.filter(kind="case.opened").count() == 1
    page = unescape(alice_client.get(response["Location"]).content.decode())
    assert f'id="case-{case.pk}"' in page and "Open the school's case" not in page


def test_a_second_opening_opens_nothing(alice_client, submitted):
    url = f"/staff/alerts/{submitted.alert.pk}/cases/open/"
    alice_client.post(url)

    again = alice_client.post(url, follow=True)

    assert Case.objects.count() == 1
    assert "A case of the school already gathers this alert" in unescape(again.content.decode())


def test_no_opening_when_the_school_has_its_case(alice_client, submitted, school):
    case_about(submitted.alert, by=direction_of(school))
    page = unescape(alice_client.get(f"/staff/alerts/{submitted.alert.pk}/").content.decode())
    assert "Open the school's case" not in page

    alice_client.post(f"/staff/alerts/{submitted.alert.pk}/cases/open/")

    assert Case.objects.count() == 1


def test_bob_and_charlie_open_nothing(bob_client, charlie_client, submitted):
    url = f"/staff/alerts/{submitted.alert.pk}/cases/open/"
    assert bob_client.post(url).status_code == 404
    assert charlie_client.post(url).status_code == 403
    assert not Case.objects.exists()


def test_the_school_follows_it_without_the_reporter_s_words(alice_client, submitted, school):
    alice_client.post(f"/staff/alerts/{submitted.alert.pk}/cases/open/")
    case = Case.objects.get()
    school_client = login_verified(Client(), direction_of(school))

    for path in ("/school/", f"/school/cases/{case.pk}/"):
        response = school_client.get(path)
        assert response.status_code == 200, path
        html = unescape(response.content.decode())
        assert case.number in html, path
        assert submitted.alert.description not in html, path
        assert submitted.receipt not in html, path

"""Inbox filters: status, school, category (JSON list, on SQLite and PostgreSQL), danger."""

import pytest
from django.urls import reverse

from relais.alerts.models import Alert
from relais.alerts.workflow import Status
from tests.factories import SchoolFactory, make_alert


def _listed(client, **params):
    response = client.get(reverse("staff:inbox"), params)
    assert response.status_code == 200
    return {alert.pk for alert in response.context["alerts"]}


@pytest.fixture
def alerts(be_org, school):
    other_school = SchoolFactory(name="Athénée de Tournai", city="Tournai")
    made = {
        "bullying": make_alert(school, categories=["harcelement"]).alert,
        "online": make_alert(school, categories=["cyberharcelement", "menace"]).alert,
        "danger": make_alert(other_school, categories=["agression"], immediate_danger=True).alert,
    }
    Alert.objects.filter(pk=made["online"].pk).update(status=Status.TRIAGED)
    return made


def test_no_filter_lists_all_of_them(alice_client, alerts):
    assert _listed(alice_client) == {a.pk for a in alerts.values()}


def test_the_status_filter(alice_client, alerts):
    assert _listed(alice_client, status=Status.TRIAGED) == {alerts["online"].pk}
    assert _listed(alice_client, status=Status.RECEIVED) == {
        alerts["bullying"].pk,
        alerts["danger"].pk,
    }


def test_the_school_filter(alice_client, alerts, school):
    assert _listed(alice_client, school=str(school.pk)) == {
        alerts["bullying"].pk,
        alerts["online"].pk,
    }


def test_the_school_select_lists_schools_with_alerts_of_the_organisation(
    alice_client, alerts, school, fr_org, fr_school
):
    make_alert(fr_school)  # bob's organisation
    SchoolFactory(name="École sans alerte")
    response = alice_client.get(reverse("staff:inbox"))
    offered = {label for value, label in response.context["form"].fields["school"].choices if value}
    assert offered == {"Institut Saint-Henri (Mouscron)", "Athénée de Tournai (Tournai)"}


def test_the_category_filter_matches_whole_values(alice_client, alerts):
    # "harcelement" must not match "cyberharcelement".
    assert _listed(alice_client, category="harcelement") == {alerts["bullying"].pk}
    assert _listed(alice_client, category="cyberharcelement") == {alerts["online"].pk}
    assert _listed(alice_client, category="menace") == {alerts["online"].pk}
    assert _listed(alice_client, category="chantage") == set()


def test_the_danger_filter(alice_client, alerts):
    assert _listed(alice_client, danger="yes") == {alerts["danger"].pk}
    assert _listed(alice_client, danger="no") == {alerts["bullying"].pk, alerts["online"].pk}


def test_filters_combine(alice_client, alerts, school):
    assert _listed(alice_client, school=str(school.pk), status=Status.TRIAGED) == {
        alerts["online"].pk
    }


def test_an_unknown_filter_value_is_reported_and_ignored(alice_client, alerts):
    response = alice_client.get(reverse("staff:inbox"), {"category": "nope", "danger": "yes"})
    assert response.context["form"].errors["category"]
    assert {a.pk for a in response.context["alerts"]} == {alerts["danger"].pk}


def test_filters_never_reach_other_organisations(bob_client, alerts, school):
    assert _listed(bob_client, school=str(school.pk)) == set()
    assert _listed(bob_client, category="harcelement") == set()

"""The reference the pages show finds its alert, typed as people type it; only the user's own."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import make_alert


def test_the_reference_finds_its_alert(alice_client, submitted, school):
    make_alert(school)
    reference = submitted.alert.reference
    for typed in (reference, reference.lower(), f" #{reference[:4]} {reference[4:]} "):
        response = alice_client.get(reverse("staff:inbox"), {"reference": typed})
        assert [a.pk for a in response.context["alerts"]] == [submitted.alert.pk], typed


def test_another_organisations_reference_finds_nothing(bob_client, submitted):
    response = bob_client.get(reverse("staff:inbox"), {"reference": submitted.alert.reference})
    assert response.context["alerts"] == []


def test_a_malformed_reference_is_explained_and_ignored(alice_client, submitted):
    response = alice_client.get(reverse("staff:inbox"), {"reference": "XYZ"})
    assert response.status_code == 200
    assert "8 characters" in response.content.decode()
    assert [a.pk for a in response.context["alerts"]] == [submitted.alert.pk]

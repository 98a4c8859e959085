"""Categories, letters and jurisdictions are ticked in a list of labels, never typed as JSON,
and shown by their labels, never as raw JSON."""

from __future__ import annotations

from django.urls import reverse

from relais.documents.models import LegalReference


def _reference_form(**changes):
    data = {
        "jurisdiction": "fr",
        "key": "admin-test-reference",
        "title": "Harcèlement moral",
        "text": "Le harcèlement d'une personne est interdit.",
        "penalty": "",
        "source": "Code pénal",
        "effective_from": "2022-03-03",
        "order": "0",
    }
    data.update(changes)
    return data


def test_a_legal_reference_s_letters_and_categories_are_ticked(root_client):
    url = reverse("admin:documents_legalreference_add")
    page = root_client.get(url).content.decode()
    assert 'type="checkbox" name="categories" value="menace"' in page
    assert 'type="checkbox" name="letters" value="law_reminder"' in page
    assert 'type="checkbox" name="letters" value="dossier"' not in page
    response = root_client.post(
        url, _reference_form(letters=["law_reminder"], categories=["menace", "chantage"])
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    reference = LegalReference.objects.get(key="admin-test-reference")
    assert reference.letters == ["law_reminder"]
    assert reference.categories == ["menace", "chantage"]


def test_an_unknown_category_is_refused_and_nothing_is_saved(root_client):
    url = reverse("admin:documents_legalreference_add")
    response = root_client.post(url, _reference_form(categories=["invented"]))
    assert response.status_code == 200
    assert not LegalReference.objects.filter(key="admin-test-reference").exists()


def test_nothing_ticked_saves_an_empty_list(root_client):
    url = reverse("admin:documents_legalreference_add")
    assert root_client.post(url, _reference_form()).status_code == 302
    reference = LegalReference.objects.get(key="admin-test-reference")
    assert (reference.letters, reference.categories) == ([], [])


def test_an_alert_shows_its_categories_by_name(dora_client, submitted):
    url = reverse("admin:alerts_alert_change", args=[submitted.alert.pk])
    html = dora_client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "harcèlement" in html
    assert "[&quot;harcelement&quot;]" not in html and '["harcelement"]' not in html


def test_an_organisation_s_territories_show_by_name(root_client, be_org):
    html = root_client.get(reverse("admin:accounts_organisation_changelist")).content.decode()
    assert "Wallonia-Brussels Federation" in html
    assert "[&quot;be-fwb&quot;]" not in html

"""The attacks of issue 10, point 8, one by one: erin cannot move alice's alerts to her own
inbox, by changing either organisation's territories, nor take alice's members."""

from __future__ import annotations

from django.urls import reverse

from relais.accounts.models import Organisation, Role, User
from relais.alerts.services import organisation_for


def _organisation_form(organisation, jurisdictions):
    return {
        "name": organisation.name,
        "jurisdictions": jurisdictions,
        "email": organisation.email,
        "phone": "",
        "address": "",
        "website": "",
    }


def test_erin_cannot_change_alice_s_organisation(erin_client, be_org, school):
    url = reverse("admin:accounts_organisation_change", args=[be_org.pk])
    assert erin_client.get(url).status_code == 404
    assert erin_client.post(url, _organisation_form(be_org, [])).status_code == 404
    assert Organisation.objects.get(pk=be_org.pk).jurisdictions == ["be-fwb"]
    assert organisation_for(school) == be_org


def test_erin_cannot_take_alice_s_territory_for_her_own(erin_client, fr_org, be_org, school):
    url = reverse("admin:accounts_organisation_change", args=[fr_org.pk])
    form = _organisation_form(fr_org, ["fr", "be-fwb"])
    form["email"] = "contact@france.example"
    erin_client.post(url, form)
    fr_org.refresh_from_db()
    assert fr_org.jurisdictions == ["fr"]
    # Her own contact details are hers to keep up to date.
    assert fr_org.email == "contact@france.example"


def test_the_platform_administrator_sets_territories_with_checkboxes(root_client, fr_org):
    url = reverse("admin:accounts_organisation_change", args=[fr_org.pk])
    page = root_client.get(url).content.decode()
    assert 'type="checkbox" name="jurisdictions" value="be-fwb"' in page
    assert root_client.post(url, _organisation_form(fr_org, ["fr", "be-fwb"])).status_code == 302
    fr_org.refresh_from_db()
    assert sorted(fr_org.jurisdictions) == ["be-fwb", "fr"]


def test_erin_s_forms_offer_only_her_organisation(erin_client, be_org, fr_org, bob):
    for url in (
        reverse("admin:accounts_user_add"),
        reverse("admin:accounts_user_change", args=[bob.pk]),
    ):
        page = erin_client.get(url).content.decode()
        assert f'value="{fr_org.pk}"' in page
        assert f'value="{be_org.pk}"' not in page
        assert be_org.name not in page


def test_erin_cannot_create_a_member_of_alice_s_organisation(erin_client, be_org):
    response = erin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "mallory",
            "usable_password": "true",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "organisation": str(be_org.pk),
            "role": Role.ADMINISTRATOR,
        },
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["organisation"]
    assert not User.objects.filter(username="mallory").exists()


def test_erin_cannot_move_her_member_into_no_organisation(erin_client, bob):
    url = reverse("admin:accounts_user_change", args=[bob.pk])
    data = {
        "username": "bob",
        "first_name": "",
        "last_name": "",
        "email": bob.email,
        "organisation": "",
        "role": Role.CASE_WORKER,
        "is_active": "on",
    }
    response = erin_client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["organisation"]
    bob.refresh_from_db()
    assert bob.organisation_id is not None


def test_erin_cannot_reset_alice_s_password(erin_client, alice):
    url = reverse("admin:auth_user_password_change", args=[alice.pk])
    data = {"password1": "a long enough passphrase 42", "password2": "a long enough passphrase 42"}
    assert erin_client.post(url, data).status_code == 404
    alice.refresh_from_db()
    assert not alice.check_password("a long enough passphrase 42")


def test_an_administrator_in_no_organisation_sees_no_orphan_alert(client, fr_school):
    from tests.conftest import login_verified
    from tests.factories import UserFactory, make_alert

    Organisation.objects.all().delete()
    orphan = make_alert(fr_school).alert
    assert orphan.organisation_id is None
    lost = UserFactory(username="lost", organisation=None, role=Role.ADMINISTRATOR)
    page = login_verified(client, lost).get(reverse("admin:alerts_alert_changelist"))
    assert reverse("admin:alerts_alert_change", args=[orphan.pk]) not in page.content.decode()


def test_erin_cannot_move_her_member_into_alice_s_organisation(erin_client, bob, be_org):
    url = reverse("admin:accounts_user_change", args=[bob.pk])
    data = {
        "username": "bob",
        "first_name": "",
        "last_name": "",
        "email": bob.email,
        "organisation": str(be_org.pk),
        "role": Role.CASE_WORKER,
        "is_active": "on",
    }
    response = erin_client.post(url, data)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["organisation"]
    bob.refresh_from_db()
    assert bob.organisation_id != be_org.pk

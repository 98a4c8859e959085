"""One sign-in page (/staff/login/, password then TOTP, django-axes throttling) for every
account; after it a school's member lands on /school/, a relay's on /relay/, a case worker on
/staff/ (relais.staff.signin.home_for). A school's or relay's member who opens a staff page is
sent to their own side rather than told they have no access to the alerts."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from relais.accounts.models import Role
from relais.directory.models import Service
from relais.staff.signin import home_for
from tests.conftest import login_verified
from tests.factories import UserFactory, totp_device, totp_now
from tests.staff.conftest import sign_in_with_password


def _relay_member(be_org):
    cpms = Service.objects.create(
        name="CPMS Libre Mouscron 1", kind="pms", area="Mouscron", jurisdiction="be-fwb"
    )
    return UserFactory(username="rita.relay", organisation=be_org, role=Role.RELAY, service=cpms)


def test_each_kind_of_account_has_its_home(alice_head, educator, alice, be_org, charlie):
    assert home_for(alice_head) == home_for(educator) == "/school/"
    assert home_for(_relay_member(be_org)) == "/relay/"
    assert home_for(alice) == home_for(charlie) == "/staff/"


def test_a_school_head_signs_in_with_password_and_code_and_lands_on_the_school(client, alice_head):
    device = totp_device(alice_head)

    after_password = sign_in_with_password(client, "alice.head")
    assert after_password["Location"] == reverse("staff:verify")
    after_code = client.post(reverse("staff:verify"), {"token": totp_now(device)})

    assert after_code.status_code == 302 and after_code["Location"] == "/school/"
    # Signed in already: the sign-in page sends the member home too.
    assert client.get(reverse("staff:login"))["Location"] == "/school/"


def test_a_relay_member_lands_on_the_relay_s_page(client, be_org):
    member = _relay_member(be_org)
    device = totp_device(member)

    sign_in_with_password(client, "rita.relay")
    response = client.post(reverse("staff:verify"), {"token": totp_now(device)})

    assert response["Location"] == "/relay/"


def test_a_school_member_without_an_authenticator_must_set_one_up_first(client, alice_head):
    response = sign_in_with_password(client, "alice.head")

    assert response["Location"] == reverse("staff:enrol")
    assert "_auth_user_id" not in client.session
    assert client.get("/join/team/")["Location"].startswith(reverse("staff:login"))


def test_the_staff_pages_send_school_and_relay_members_to_their_side(
    alice_head_client, submitted, be_org, client
):
    inbox = alice_head_client.get("/staff/")
    alert = alice_head_client.get(f"/staff/alerts/{submitted.alert.pk}/")
    relay = login_verified(client, _relay_member(be_org)).get("/staff/")

    assert inbox.status_code == 302 and inbox["Location"] == "/school/"
    assert alert.status_code == 302 and alert["Location"] == "/school/"
    assert relay["Location"] == "/relay/"


def test_an_account_with_no_role_still_reads_why_it_has_no_access(charlie_client):
    response = charlie_client.get("/staff/")

    assert response.status_code == 403
    assert "No access to the alerts" in response.content.decode()


def test_wrong_passwords_lock_a_school_member_out_as_they_do_staff(client, alice_head):
    totp_device(alice_head)
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in_with_password(client, "alice.head", f"wrong {n}").status_code == 400

    assert sign_in_with_password(client, "alice.head", "wrong again").status_code == 429
    assert sign_in_with_password(client, "alice.head").status_code == 429
    assert "_auth_user_id" not in client.session

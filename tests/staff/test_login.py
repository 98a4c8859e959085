from django.urls import reverse

from relais.staff.signin import PENDING
from tests.factories import totp_device, totp_now
from tests.staff.conftest import sign_in_with_password


def test_a_password_then_a_totp_code_opens_the_inbox(client, alice):
    device = totp_device(alice)
    response = sign_in_with_password(client, "alice")
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:verify")

    response = client.post(reverse("staff:verify"), {"token": totp_now(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:inbox")
    assert client.get(reverse("staff:inbox")).status_code == 200


def test_the_password_alone_does_not_sign_in(client, alice):
    totp_device(alice)
    sign_in_with_password(client, "alice")
    response = client.get(reverse("staff:inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


def test_a_wrong_totp_code_is_refused(client, alice):
    device = totp_device(alice)
    sign_in_with_password(client, "alice")
    wrong = f"{(int(totp_now(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("staff:verify"), {"token": wrong})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("staff:inbox")).status_code == 302


def test_a_wrong_password_is_refused_with_a_message(client, alice):
    response = sign_in_with_password(client, "alice", "not the password")
    assert response.status_code == 400
    assert PENDING not in client.session
    assert "form" in response.context and response.context["form"].non_field_errors()


def test_the_code_step_needs_the_password_step_first(client, alice):
    device = totp_device(alice)
    response = client.post(reverse("staff:verify"), {"token": totp_now(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("staff:login")
    assert "_auth_user_id" not in client.session


def test_sign_in_returns_to_the_page_asked_for(client, alice, submitted):
    device = totp_device(alice)
    target = reverse("staff:alert", args=[submitted.alert.pk])
    response = client.post(
        reverse("staff:login"),
        {"username": "alice", "password": "correct horse battery staple", "next": target},
    )
    response = client.post(reverse("staff:verify"), {"token": totp_now(device)})
    assert response["Location"] == target


def test_sign_in_never_returns_to_another_site(client, alice):
    device = totp_device(alice)
    client.post(
        reverse("staff:login"),
        {
            "username": "alice",
            "password": "correct horse battery staple",
            "next": "https://evil.example/",
        },
    )
    response = client.post(reverse("staff:verify"), {"token": totp_now(device)})
    assert response["Location"] == reverse("staff:inbox")


def test_signing_out_needs_a_post_and_ends_the_session(alice_client):
    assert alice_client.get(reverse("staff:logout")).status_code == 405
    response = alice_client.post(reverse("staff:logout"))
    assert response.status_code == 302
    assert alice_client.get(reverse("staff:inbox")).status_code == 302


def test_repeated_wrong_codes_throttle_even_the_right_one(client, alice):
    device = totp_device(alice)
    for _ in range(10):
        device.throttle_increment()  # as after ten wrong codes: the next try waits minutes
    sign_in_with_password(client, "alice")
    response = client.post(reverse("staff:verify"), {"token": totp_now(device)})
    assert response.status_code == 400
    assert response.context["form"].errors["token"]
    assert "_auth_user_id" not in client.session

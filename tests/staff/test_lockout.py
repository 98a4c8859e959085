from django.conf import settings
from django.urls import reverse

from relais.staff.signin import PENDING
from tests.factories import totp_device
from tests.staff.conftest import sign_in_with_password


def _fail_until_locked(client):
    responses = [
        sign_in_with_password(client, "alice", f"wrong {n}")
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    return responses


def test_wrong_passwords_lock_the_account_with_a_429(client, alice):
    responses = _fail_until_locked(client)
    assert [r.status_code for r in responses[:-1]] == [400] * (settings.AXES_FAILURE_LIMIT - 1)
    assert responses[-1].status_code == 429


def test_the_right_password_is_refused_while_locked(client, alice):
    totp_device(alice)
    _fail_until_locked(client)
    response = sign_in_with_password(client, "alice")
    assert response.status_code == 429
    assert PENDING not in client.session
    assert "_auth_user_id" not in client.session


def test_the_locked_out_page_speaks_the_users_language(client, alice):
    _fail_until_locked(client)
    response = client.post(
        reverse("staff:login"),
        {"username": "alice", "password": "wrong again"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 429
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Too many attempts" in html


def test_a_lockout_is_per_account(client, alice, bob):
    _fail_until_locked(client)
    totp_device(bob)
    response = sign_in_with_password(client, "bob")
    assert response.status_code == 302

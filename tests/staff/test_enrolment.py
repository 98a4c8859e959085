import base64
import re

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.audit.models import AuditEvent
from tests.factories import totp_now
from tests.staff.conftest import inline_code, sign_in_with_password


def test_a_first_sign_in_goes_to_enrolment(client, alice):
    response = sign_in_with_password(client, "alice")
    assert response["Location"] == reverse("staff:enrol")


def test_enrolment_shows_an_inline_svg_qr_code_and_the_secret(client, alice):
    sign_in_with_password(client, "alice")
    response = client.get(reverse("staff:enrol"))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<svg[^>]*class=\"totp-qr\"", html)
    assert "<img" not in html
    assert inline_code(html) == []
    device = TOTPDevice.objects.get(user=alice)
    assert device.confirmed is False

    assert base64.b32encode(device.bin_key).decode() in html


def test_reloading_enrolment_keeps_the_same_secret(client, alice):
    sign_in_with_password(client, "alice")
    client.get(reverse("staff:enrol"))
    client.get(reverse("staff:enrol"))
    assert TOTPDevice.objects.filter(user=alice).count() == 1


def test_a_valid_code_confirms_the_device_and_signs_in(client, alice):
    sign_in_with_password(client, "alice")
    client.get(reverse("staff:enrol"))
    device = TOTPDevice.objects.get(user=alice)
    response = client.post(reverse("staff:enrol"), {"token": totp_now(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(reverse("staff:inbox")).status_code == 200
    assert AuditEvent.objects.filter(actor=alice, action="otp.enrolled").count() == 1


def test_a_wrong_code_confirms_nothing(client, alice):
    sign_in_with_password(client, "alice")
    client.get(reverse("staff:enrol"))
    device = TOTPDevice.objects.get(user=alice)
    wrong = f"{(int(totp_now(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("staff:enrol"), {"token": wrong})
    assert response.status_code == 400
    device.refresh_from_db()
    assert device.confirmed is False
    assert client.get(reverse("staff:inbox")).status_code == 302


def test_enrolment_needs_the_password_first(client, alice):
    response = client.get(reverse("staff:enrol"))
    assert response["Location"] == reverse("staff:login")
    assert not TOTPDevice.objects.filter(user=alice).exists()


def test_an_enrolled_member_cannot_enrol_a_second_device(client, alice):
    from tests.factories import totp_device

    totp_device(alice)
    sign_in_with_password(client, "alice")
    response = client.get(reverse("staff:enrol"))
    assert response["Location"] == reverse("staff:verify")
    assert TOTPDevice.objects.filter(user=alice).count() == 1

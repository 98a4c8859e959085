"""`relais demo` also makes a direction of one demo school and a member of the demo directory's
CPMS, with the staff accounts' password rule and second factor at first sign-in."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.models import Role, User
from relais.staff.signin import home_for


def test_the_demo_makes_a_school_direction_and_a_cpms_member(run_demo):
    output = run_demo()

    direction = User.objects.get(username="demo-direction")
    relay = User.objects.get(username="demo-relay")
    assert direction.role == Role.DIRECTION and direction.in_school
    assert direction.school.code == "1336" and direction.school.jurisdiction == "be-fwb"
    assert direction.organisation is None and not direction.handles_alerts
    assert relay.role == Role.RELAY and relay.in_relay
    assert relay.service.name == "CPMS Libre Mouscron 1" and relay.service.kind == "pms"
    assert relay.organisation.name == "Relais démo"
    assert not (direction.is_staff or relay.is_staff)
    # No authenticator yet: each enrols one at first sign-in, as the staff accounts do.
    assert not TOTPDevice.objects.filter(user__in=[direction, relay]).exists()
    assert home_for(direction) == "/school/" and home_for(relay) == "/relay/"
    assert f"demo-direction   school direction of {direction.school.name}" in output
    assert "demo-relay       relay service of CPMS Libre Mouscron 1" in output
    assert "/school/" in output and "/relay/" in output


def test_the_demo_s_password_from_the_environment_opens_them_too(run_demo, monkeypatch):
    monkeypatch.setenv("RELAIS_DEMO_PASSWORD", "a long demo passphrase 42")

    run_demo()
    run_demo()

    for username in ("demo-direction", "demo-relay"):
        user = User.objects.get(username=username)
        assert user.check_password("a long demo passphrase 42")
    assert User.objects.filter(username__startswith="demo-").count() == 4

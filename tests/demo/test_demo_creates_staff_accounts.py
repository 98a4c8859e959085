import re

import pytest
from django.core.management.base import CommandError

from relais.accounts.models import Role, User
from relais.schools.models import School


def test_the_demo_creates_a_case_worker_and_an_administrator_of_one_organisation(run_demo):
    run_demo()

    worker = User.objects.get(username="demo-caseworker")
    admin = User.objects.get(username="demo-admin")
    assert worker.role == Role.CASE_WORKER and worker.handles_alerts
    assert not worker.is_staff and not worker.is_superuser
    assert admin.role == Role.ADMINISTRATOR and admin.is_staff and admin.is_superuser
    assert worker.organisation == admin.organisation
    assert worker.organisation.name == "Relais démo"
    assert sorted(worker.organisation.jurisdictions) == ["be-fwb", "fr"]
    # Schools can answer the demo's notices.
    assert worker.organisation.email == "contact@demo.relais.invalid"
    assert worker.organisation.phone and worker.organisation.address
    assert worker.organisation.website


def test_generated_passwords_are_printed_once_and_work(run_demo):
    output = run_demo()

    passwords = dict(re.findall(r"(demo-\w+)\s.*password: (\S+)", output))
    assert set(passwords) == {"demo-caseworker", "demo-admin", "demo-direction", "demo-relay"}
    assert len(set(passwords.values())) == 4
    for username, password in passwords.items():
        assert User.objects.get(username=username).check_password(password)
    assert "TOTP" in output and "/staff/" in output
    assert "password: " not in run_demo()


def test_the_password_can_come_from_the_environment(run_demo, monkeypatch):
    monkeypatch.setenv("RELAIS_DEMO_PASSWORD", "a long demo passphrase 42")

    output = run_demo()

    assert "a long demo passphrase 42" not in output
    assert User.objects.get(username="demo-admin").check_password("a long demo passphrase 42")


def test_a_weak_password_from_the_environment_fails_and_writes_nothing(run_demo, monkeypatch):
    monkeypatch.setenv("RELAIS_DEMO_PASSWORD", "short")

    with pytest.raises(CommandError, match="too short"):
        run_demo()

    assert not User.objects.exists()
    assert not School.objects.exists()

"""`relais demo`: load the demo data Relais ships (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from relais.accounts.models import Role
from relais.demo.loading import ORGANISATION, DemoError, DemoReport, load_demo
from relais.lib.env import env
from relais.schools.importers import ImportFileError


class Command(BaseCommand):
    help = (
        "Load the demo data: the schools of Mouscron (FASE list) and five of Rennes, the seed 002 "
        'directory of services, the organisation "Relais démo", a case worker\'s and an '
        "administrator's account, a school direction's and a CPMS's account. Passwords: "
        "RELAIS_DEMO_PASSWORD, or generated and shown once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        password = env("RELAIS_DEMO_PASSWORD", "") or None
        try:
            report = load_demo(password=password)
        except (DemoError, ImportFileError) as error:
            raise CommandError(str(error)) from None
        self.print_report(report, from_env=password is not None)

    def print_report(self, report: DemoReport, *, from_env: bool) -> None:
        out = self.stdout
        for name, imported in report.schools:
            out.write(f"Schools from {name} ({imported.format}): {imported.summary()}")
        if report.demo_emails:
            out.write(
                f"  {report.demo_emails} school(s) had no direction e-mail: given "
                "direction+<code>@demo.relais.invalid (never delivered)"
            )
        if report.directory is not None:
            out.write(f"Directory of services (Mouscron, seed 002): {report.directory.summary()}")
        state = "created" if report.organisation_created else "already there"
        out.write(f'Organisation "{ORGANISATION}" (fr, be-fwb): {state}')
        out.write("Accounts:")
        for account in report.accounts:
            role = Role(account.role).label
            admin = " + Django admin" if account.role == Role.ADMINISTRATOR else ""
            if account.where:
                admin = f" of {account.where}"
            if account.password is None:
                note = f"password unchanged (`relais changepassword {account.username}`)"
            elif from_env:
                note = "password from RELAIS_DEMO_PASSWORD"
            else:
                note = f"password: {account.password}  (generated: shown only this once)"
            out.write(f"  {account.username:<16} {role}{admin}  {note}")
        out.write(
            "Two-factor authentication: each account enrols an authenticator app (TOTP) at its "
            "first login at /staff/; the direction then works at /school/, the relay at /relay/."
        )
        out.write(self.style.SUCCESS("Demo data loaded."))

"""What the bench scripts start from: a fresh PostgreSQL database, and once Django is set up in
it, the school of the tests and one alert about it, submitted through the service a reporter's
form calls."""

from __future__ import annotations


def new_alert(description: str = "Bench."):
    """A new alert about Institut Saint-Henri (Mouscron, Wallonia-Brussels), by a parent."""
    from relais.alerts.services import submit_alert
    from relais.schools.models import School

    school = School.objects.create(
        name="Institut Saint-Henri", city="Mouscron", code="5432", jurisdiction="be-fwb"
    )
    return submit_alert(
        school=school,
        reporter_role="parent",
        categories=["harcelement", "cyberharcelement"],
        description=description,
        immediate_danger=False,
        good_faith=True,
    ).alert


def recreate_database(url: str) -> None:
    """Drop and create the PostgreSQL database ``url`` names, through the server's `postgres`
    database: every run starts from nothing."""
    import subprocess

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True)

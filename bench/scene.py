"""What the bench scripts start from, once Django is set up in their fresh database: the school
of the tests and one alert about it, submitted through the service a reporter's form calls."""

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

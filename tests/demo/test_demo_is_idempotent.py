from relais.accounts.models import Organisation, User
from relais.audit.models import AuditEvent
from relais.directory.models import Service
from relais.schools.models import School


def database() -> dict:
    return {
        "schools": sorted(
            School.objects.values_list("jurisdiction", "code", "name", "direction_email", "kind")
        ),
        "services": sorted(Service.objects.values_list("area", "name", "phone", "email")),
        "organisations": sorted(Organisation.objects.values_list("name", "jurisdictions")),
        "users": sorted(
            User.objects.values_list("username", "role", "is_staff", "is_superuser", "password")
        ),
        "audit": AuditEvent.objects.count(),
    }


def test_running_the_demo_twice_gives_the_same_database(run_demo):
    run_demo()
    first = database()

    output = run_demo()

    assert database() == first
    assert "added 0 / updated 0 / unchanged 39 / refused 0 / skipped 2" in output
    assert (
        "Directory of services (Mouscron, seed 002): added 0 / updated 0 / unchanged 10" in output
    )
    assert "password unchanged" in output

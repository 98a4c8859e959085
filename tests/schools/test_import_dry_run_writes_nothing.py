from relais.schools.models import School
from tests.schools.files import FR_SAMPLE, counts, run_import


def test_a_dry_run_counts_but_writes_nothing(db):
    output = run_import("fr-annuaire", FR_SAMPLE, "--dry-run")

    assert counts(output)["added"] == 25
    assert "dry run: nothing was written" in output
    assert not School.objects.exists()

from tests.schools.files import BE_SAMPLE, FR_SAMPLE, counts, run_import, snapshot


def test_importing_the_french_file_twice_changes_nothing_the_second_time(db):
    run_import("fr-annuaire", FR_SAMPLE)
    before = snapshot("fr")

    again = counts(run_import("fr-annuaire", FR_SAMPLE))

    assert again == {"added": 0, "updated": 0, "unchanged": 25, "refused": 6, "skipped": 2}
    assert snapshot("fr") == before


def test_importing_the_fase_file_twice_changes_nothing_the_second_time(db):
    run_import("be-fase", BE_SAMPLE)
    before = snapshot("be-fwb")

    again = counts(run_import("be-fase", BE_SAMPLE))

    assert again == {"added": 0, "updated": 0, "unchanged": 8, "refused": 4, "skipped": 1}
    assert snapshot("be-fwb") == before

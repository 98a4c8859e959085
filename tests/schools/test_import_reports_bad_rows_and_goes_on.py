from relais.schools.models import School
from tests.schools.files import BOM, FR_SAMPLE, counts, read_lines, run_import


def test_each_refused_row_is_reported_with_its_line_and_reason(db):
    output = run_import("fr-annuaire", FR_SAMPLE)

    assert "refused line 29: the UAI is missing" in output
    assert "refused line 30: invalid UAI '035012T' (7 digits and a letter)" in output
    assert "refused line 31: invalid UAI '0350999A' (wrong check letter)" in output
    assert "refused line 32: invalid e-mail address 'direction at ecole'" in output
    assert "refused line 33: expected 69 fields, found 12" in output
    assert "refused line 34: the name is missing" in output


def test_a_bad_row_does_not_stop_the_rows_after_it(db):
    run_import("fr-annuaire", FR_SAMPLE)

    # Line 35 comes after the six bad rows.
    assert School.objects.filter(code="0359003W").exists()


def test_only_the_first_twenty_reasons_are_printed(db, tmp_path):
    header = ";".join(read_lines(FR_SAMPLE)[0])
    bad_rows = "".join(f"03500{n:02d}A;Ecole {n}\r\n" for n in range(25))
    path = tmp_path / "bad.csv"
    path.write_bytes(BOM + f"{header}\r\n{bad_rows}".encode())

    output = run_import("fr-annuaire", path)

    assert output.count("refused line") == 20
    assert "... and 5 more refused rows" in output
    assert counts(output)["refused"] == 25


def test_an_unclosed_quote_is_refused_without_losing_the_file(db, tmp_path):
    rows = FR_SAMPLE.read_bytes().split(b"\r\n")
    # Line 3 opens a quote that never closes: the reader stops at the end of the file, so that
    # row and what follows are one bad record, never a crash.
    rows[2] = rows[2].replace(b";Ecole", b';"Ecole', 1)
    path = tmp_path / "quote.csv"
    path.write_bytes(b"\r\n".join(rows))

    output = run_import("fr-annuaire", path)

    assert (
        "refused line 3: expected 69 fields, found 2 (lines 3 to 35: an unclosed quote?)" in output
    )
    assert counts(output)["added"] == 1
    assert School.objects.filter(code="0350122T").exists()

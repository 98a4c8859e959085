"""`relais proofs check` lists the entries past their merge_by, as a Certificate Transparency
monitor does: not merged yet, or merged late; exit 1 when there is any."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from relais.proofs.services import append, sequence_and_sign


def check() -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("proofs", "check", stdout=out, stderr=err)
    except SystemExit as exit:
        return int(exit.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_kept_promises_exit_0(db, settings):
    settings.PROOFS_MERGE_DELAY = 3600
    append(kind="alert.received", payload={"n": 1})
    code, out, _err = check()
    assert code == 0
    assert "Every promise is kept" in out
    sequence_and_sign()
    assert check()[0] == 0


def test_an_entry_past_its_merge_by_is_listed_then_its_late_merge(db, settings):
    settings.PROOFS_MERGE_DELAY = 3600
    append(kind="alert.received", payload={"n": 1})
    settings.PROOFS_MERGE_DELAY = 0  # due at once: past by the time the check runs
    overdue = append(kind="message.received", payload={"n": 2})

    code, _out, err = check()
    assert code == 1
    [line, total] = err.strip().splitlines()
    assert line.startswith(f"entry {overdue.pk} (message.received, recorded at ")
    assert "is in no signed tree head yet" in line
    assert total == "1 broken promise(s)."

    sequence_and_sign()  # merged now, after its merge_by: a broken promise all the same
    code, _out, err = check()
    assert code == 1
    assert f"entry {overdue.pk} " in err and "was merged at " in err and "s late" in err


def test_late_merges_older_than_the_window_are_not_listed_again(db, settings):
    settings.PROOFS_MERGE_DELAY = 0
    append(kind="message.received", payload={"n": 2})
    sequence_and_sign()
    out, err = StringIO(), StringIO()
    call_command("proofs", "check", "--hours", "0", stdout=out, stderr=err)
    assert "Every promise is kept" in out.getvalue()


def test_a_signing_interval_too_long_for_the_merge_delay_is_warned_of(settings):
    from relais.proofs.apps import merge_delay_check

    assert merge_delay_check() == []  # the defaults leave room
    settings.PROOFS_SIGN_INTERVAL, settings.PROOFS_MERGE_DELAY = 6, 10
    [warning] = merge_delay_check()
    assert warning.id == "proofs.W001"

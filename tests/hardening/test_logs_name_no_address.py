"""gunicorn's own log lines go through a filter that blanks every IP address (the privacy test
runs the real server; this one pins down what counts as an address)."""

from __future__ import annotations

import logging

import pytest

from relais.gunicorn_conf import AddressFilter, without_addresses


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Invalid request from ip=127.9.8.7: Invalid HTTP method", "ip=[address]:"),
        ("from 2001:db8::23 and ::1.", "from [address] and [address]."),
        ("peer ('::ffff:198.51.100.23', 51514)", "peer ('[address]', 51514)"),
        ("fe80:0:0:0:0:0:0:1 closed", "[address] closed"),
    ],
)
def test_addresses_are_blanked(line, expected):
    assert expected in without_addresses(line)
    assert "127.9.8.7" not in without_addresses(line)


@pytest.mark.parametrize(
    "line",
    [
        '[06/Dec/2026:20:12:35 +0000] "GET /form/" 200 1234 12ms',
        "Booting worker with pid: 4242 (gunicorn 27.0.1)",
        "Listening at: http://127.0.0.1:8000 (4241)",
    ],
)
def test_times_versions_and_the_servers_own_address_stay(line):
    assert without_addresses(line, keep=frozenset({"127.0.0.1"})) == line


def test_the_filter_blanks_arguments_and_tracebacks():
    record = logging.LogRecord(
        "gunicorn.error", logging.ERROR, __file__, 1, "from %s", ("10.1.2.3",), None
    )
    try:
        raise ValueError("peer 10.1.2.3 hung up")
    except ValueError as error:
        record.exc_info = (ValueError, error, error.__traceback__)
    assert AddressFilter(frozenset()).filter(record)
    text = logging.Formatter().format(record)
    assert "10.1.2.3" not in text and "from [address]" in text and "hung up" in text

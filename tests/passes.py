"""The two passes of `make test`, side by side: tests whose subject does not depend on the
database engine run in one of them, not in both.

`make test` runs every test on SQLite and on PostgreSQL at once, one pass a core. Most tests
check what the database does (transactions, locks, constraints, search) and run in both. Some
drive a browser, a web server's buffering, openssl or OCR, and meet the database only to set a
scene: running them twice checks nothing more and costs minutes. Such a module says so and names
the pass that runs it:

    pytestmark = pytest.mark.engine_neutral("postgresql")

The pass is chosen to balance the two passes' times (bench: `--durations`). A module that runs
the install as shipped (SQLite whatever the pass) names "sqlite". Only the side-by-side passes
(RELAIS_TEST_PASS set by the Makefile's pass-sqlite and pass-postgres) leave tests out;
`make test-sqlite`, `make test-postgres` and a plain `pytest` run everything.

A test that only means something on one engine (a lock SQLite cannot hold while another writes)
says `pytest.mark.only_on("postgresql")`: it is left out, not skipped, on the other engine, so
that a skip in a pass always means something is missing.
"""

from __future__ import annotations

import os

import pytest

PASSES = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "engine_neutral(pass_name): the subject does not depend on the database engine; in "
        "`make test`, only the named pass (sqlite or postgresql) runs it",
    )
    config.addinivalue_line(
        "markers", "only_on(engine): the test means something on that engine only"
    )


def _engine() -> str:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1].replace("sqlite3", "sqlite")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    this_pass = os.environ.get("RELAIS_TEST_PASS", "")
    if this_pass and this_pass not in PASSES:
        raise pytest.UsageError(f"RELAIS_TEST_PASS must be one of {PASSES}, not {this_pass!r}")
    engine = _engine()
    if this_pass and engine != this_pass:
        # A pass that believed itself the other one would leave out tests that neither runs.
        raise pytest.UsageError(f"RELAIS_TEST_PASS={this_pass} but the database is {engine}")
    kept, left = [], []
    for item in items:
        if _left_out(item, this_pass, engine):
            left.append(item)
        else:
            kept.append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def _left_out(item: pytest.Item, this_pass: str, engine: str) -> bool:
    for name in ("engine_neutral", "only_on"):
        marker = item.get_closest_marker(name)
        if marker is not None and (len(marker.args) != 1 or marker.args[0] not in PASSES):
            raise pytest.UsageError(f"{item.nodeid}: {name} needs one of {PASSES}")
    neutral = item.get_closest_marker("engine_neutral")
    if this_pass and neutral is not None and neutral.args[0] != this_pass:
        return True
    only_on = item.get_closest_marker("only_on")
    return only_on is not None and only_on.args[0] != engine


def pytest_report_header(config: pytest.Config) -> str | None:
    this_pass = os.environ.get("RELAIS_TEST_PASS", "")
    if this_pass:
        other = next(name for name in PASSES if name != this_pass)
        return f"{this_pass} pass: engine-neutral tests of the {other} pass are left to it"
    return None

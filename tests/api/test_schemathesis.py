"""Schemathesis against the WSGI app, with every check it has: each answer must be documented
and conform to its schema, the API must accept what the schema calls valid and refuse what it
calls invalid, and no input may cause a 5xx."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import CHECKS, load_all_checks

from relais.lib.dates import FLOOR
from relais.mailbox.models import MailboxSession
from relais.proofs import services
from relais.wsgi import application
from tests.school_steps import case_about, direction_of, record_visible

# Loaded at collection: schemathesis.pytest.from_fixture needs a pytest attribute that pytest 9
# removed. Loading the OpenAPI document touches no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Schemathesis builds some cases, bearer token included, at collection time, before any database
# exists; so the token is fixed here and the `mailbox_token` fixture opens a session for it.
TOKEN = secrets.token_urlsafe(32)


@schema.auth(refresh_interval=None).apply_to(
    path_regex=r"/mailbox(/messages|/consent|/timeline|/dossier\.pdf)?$"
)
class MailboxToken:
    def get(self, case, context):
        return TOKEN

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def mailbox_token(submitted):
    """A live mailbox session for TOKEN (as open_mailbox would store it: the digest only), whose
    alert a school handles in a case with a step the family sees: `school_steps` is held to its
    schema with an item, not only empty."""
    direction = direction_of(submitted.alert.school)
    record_visible(case_about(submitted.alert, by=direction), 1, by=direction)
    MailboxSession.objects.create(
        token_digest=hashlib.sha256(TOKEN.encode()).hexdigest(),
        alert=submitted.alert,
        expires_at=timezone.now() + timedelta(hours=1),
    )


@pytest.fixture
def keep_test_transaction():
    """Requests through the real WSGI handler close "old" database connections when they end,
    which would end the test's transaction on PostgreSQL. Django's test client unhooks this
    signal handler for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def latest_tree_size() -> int:
    head = services.latest_tree_head()
    return head.tree_size if head else 0


def _with_rules_the_schema_cannot_state(case, school_id: str) -> None:
    """Two rules no JSON Schema can express: the school must exist, and the situation cannot
    have started in the future. Valid cases get a real school and a past date; that the API
    refuses unknown schools and future dates is tested in test_create_alert.py."""
    body = case.body
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    if case.path.endswith("/proofs/consistency") and isinstance(case.query, dict):
        # A third rule: the sizes must be those of the log, at most the latest signed size.
        latest = latest_tree_size()
        first = int(case.query.get("first", 0)) % (latest + 1)
        second = first + int(case.query.get("second", 0)) % (latest - first + 1)
        case.query = {**case.query, "first": first, "second": second}
        return
    if not (case.path.endswith("/alerts") and isinstance(body, dict)):
        return
    body["school_id"] = school_id
    started_on = body.get("started_on")
    if isinstance(started_on, str):
        try:
            # Not in the future and not before the floor (relais.lib.dates): said in words only.
            impossible = not FLOOR <= date.fromisoformat(started_on) <= date.today()
        except ValueError:
            impossible = False
        if impossible:
            body["started_on"] = date.today().isoformat()


@schema.parametrize()
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_openapi_document(
    case, settings, school, mailbox_token, keep_test_transaction
):
    services.sequence_and_sign()  # a signed head, so that consistency has sizes to answer
    # Schemathesis sends hundreds of requests from one client: limits are tested elsewhere.
    settings.RATELIMIT_ENABLED = False
    load_all_checks()
    _with_rules_the_schema_cannot_state(case, str(school.id))
    case.call_and_validate(checks=list(CHECKS.get_all()))

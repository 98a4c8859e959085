"""A new alert through the API makes a fixed number of queries, and the proof log adds one of
them: its entry's INSERT, which carries the alert's id. No SELECT, no UPDATE after an INSERT:
docs/proofs.md gives what the log costs a submission."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.query_count import assert_query_count


@pytest.fixture
def alert_body(school) -> dict:
    return {
        "school_id": str(school.id),
        "reporter_role": "witness",
        "categories": ["harcelement", "cyberharcelement"],
        "description": "Un élève de 2e A est insulté sur un groupe WhatsApp de la classe.",
        "platforms": ["whatsapp"],
        "immediate_danger": False,
        "good_faith": True,
    }


def _post(client: Client, alert_body):
    return client.post("/api/v1/alerts", json.dumps(alert_body), content_type="application/json")


def test_a_new_alert_makes_a_fixed_number_of_queries(alert_body, be_org, settings):
    settings.RATELIMIT_ENABLED = False  # as in bench/proofs.py: its cache has its own tests
    client = Client()
    _post(client, alert_body)  # the first request of a process loads what it caches

    with assert_query_count(5):  # the school, its organisation, the alert, its audit row,
        response = _post(client, alert_body)  # the proof entry with the alert's id

    assert response.status_code == 201, response.content


def test_the_proof_log_adds_one_insert_and_nothing_else(alert_body, be_org):
    client = Client()
    _post(client, alert_body)

    with CaptureQueriesContext(connection) as captured:
        response = _post(client, alert_body)

    assert response.status_code == 201, response.content
    proofs = [q["sql"] for q in captured.captured_queries if '"proofs_' in q["sql"]]
    [insert] = proofs
    assert insert.startswith('INSERT INTO "proofs_proofentry"') and '"alert_id"' in insert

"""POST /api/v1/alerts"""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import override_settings
from django.utils import translation

from relais.alerts.forms import AlertForm
from relais.alerts.models import Alert
from relais.audit.models import AuditEvent
from relais.mailbox.services import open_mailbox
from relais.proofs.verify import verify_proof
from tests.api.conftest import assert_error
from tests.factories import SchoolFactory


def test_an_alert_is_stored_and_its_receipt_opens_it(api, alert_body, school):
    response = api.post("/alerts", alert_body)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"receipt", "proof"}
    verified = verify_proof(json.dumps(body["proof"]).encode())  # RECEIPT or PROMISE, api.md
    assert verified.kind == "alert.received"
    _token, alert = open_mailbox(receipt=body["receipt"])
    assert alert.school == school
    assert alert.categories == ["cyberharcelement", "harcelement"]
    assert alert.platforms == ["whatsapp"]
    assert str(alert.started_on) == "2025-01-15"
    assert alert.good_faith is True
    assert AuditEvent.objects.filter(action="alert.submitted").count() == 1


def test_immediate_danger_answers_with_the_jurisdictions_emergency_numbers(
    api, alert_body, fr_school
):
    alert_body.update(school_id=str(fr_school.id), immediate_danger=True)
    body = api.post("/alerts", alert_body).json()
    numbers = {item["number"]: item["name"] for item in body["emergency"]}
    assert {"112", "17", "119", "3018"} <= set(numbers)
    assert all(name for name in numbers.values())


def test_emergency_names_follow_the_requests_language(alert_body):
    from tests.api.conftest import ApiClient

    alert_body["immediate_danger"] = True
    names = {
        lang: ApiClient(language=lang).post("/alerts", alert_body).json()["emergency"][0]["name"]
        for lang in ("fr", "nl", "en")
    }
    assert len(set(names.values())) == 3


def test_html_in_the_description_is_stored_verbatim(api, alert_body):
    text = '<script>alert("x")</script> <b>&amp;</b> « guillemets »'
    alert_body["description"] = text
    assert api.post("/alerts", alert_body).status_code == 201
    assert Alert.objects.get().description == text


@pytest.mark.parametrize("good_faith", [False, None, "true", 1])
def test_an_alert_without_good_faith_is_refused(api, alert_body, good_faith):
    alert_body["good_faith"] = good_faith
    assert_error(api.post("/alerts", alert_body), 422, "good_faith")
    assert not Alert.objects.exists()


def test_a_missing_good_faith_is_refused_with_the_forms_words(api, alert_body, settings):
    settings.LANGUAGE_CODE = "fr"
    del alert_body["good_faith"]
    body = assert_error(api.post("/alerts", alert_body), 422, "good_faith")
    with translation.override("fr"):
        expected = str(AlertForm.base_fields["good_faith"].error_messages["required"])
    assert body["errors"]["good_faith"] == [expected]
    assert not Alert.objects.exists()


def test_an_unknown_category_is_refused(api, alert_body):
    alert_body["categories"] = ["harcelement", "espionnage"]
    body = assert_error(api.post("/alerts", alert_body), 422, "categories")
    assert "espionnage" in body["errors"]["categories"][0]
    assert not Alert.objects.exists()


def test_no_category_is_refused(api, alert_body):
    alert_body["categories"] = []
    assert_error(api.post("/alerts", alert_body), 422, "categories")


def test_an_unknown_school_is_refused(api, alert_body):
    alert_body["school_id"] = str(uuid.uuid4())
    assert_error(api.post("/alerts", alert_body), 422, "school_id")
    assert not Alert.objects.exists()


def test_a_closed_school_is_refused(api, alert_body):
    alert_body["school_id"] = str(SchoolFactory(is_open=False).id)
    assert_error(api.post("/alerts", alert_body), 422, "school_id")


def test_a_school_id_that_is_not_a_uuid_is_refused(api, alert_body):
    alert_body["school_id"] = "5432"
    assert_error(api.post("/alerts", alert_body), 422, "school_id")


@pytest.mark.parametrize("description", ["", "   \n  "])
def test_an_empty_description_is_refused(api, alert_body, description):
    alert_body["description"] = description
    assert_error(api.post("/alerts", alert_body), 422, "description")
    assert not Alert.objects.exists()


def test_a_description_of_20_000_characters_is_accepted(api, alert_body):
    alert_body["description"] = "é" * 20_000
    assert api.post("/alerts", alert_body).status_code == 201


def test_a_description_of_20_001_characters_is_refused(api, alert_body):
    alert_body["description"] = "a" * 20_001
    body = assert_error(api.post("/alerts", alert_body), 422, "description")
    assert "20001" in body["errors"]["description"][0]
    assert not Alert.objects.exists()


def test_control_characters_in_the_description_are_refused(api, alert_body):
    alert_body["description"] = "nul\x00byte"
    assert_error(api.post("/alerts", alert_body), 422, "description")
    assert not Alert.objects.exists()


def test_a_lone_surrogate_in_the_description_is_refused(api, alert_body):
    raw = api_body_with(alert_body, description="bad \\ud800 half")
    assert_error(api.post("/alerts", raw=raw), 400)
    assert not Alert.objects.exists()


def api_body_with(body: dict, **raw_fields: str) -> bytes:
    """The JSON body with some fields written as raw JSON string content (escapes kept)."""
    import json

    text = json.dumps({k: v for k, v in body.items() if k not in raw_fields})
    extra = ", ".join(f'"{k}": "{v}"' for k, v in raw_fields.items())
    return (text[:-1] + ", " + extra + "}").encode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("immediate_danger", "yes"),
        ("immediate_danger", 1),
        ("categories", "harcelement"),
        ("description", 42),
        ("school_id", None),
        ("reporter_role", "president"),
        ("started_on", "15/01/2025"),
        ("started_on", "2999-01-01"),
        ("platforms", ["myspace"]),
    ],
)
def test_a_field_of_the_wrong_kind_is_refused_and_named(api, alert_body, field, value):
    alert_body[field] = value
    assert_error(api.post("/alerts", alert_body), 422, field)
    assert not Alert.objects.exists()


def test_an_unknown_field_is_refused(api, alert_body):
    alert_body["victim_name"] = "Kevin"
    assert_error(api.post("/alerts", alert_body), 422, "victim_name")
    assert not Alert.objects.exists()


@pytest.mark.parametrize("raw", [b"", b"{", b"[]", b'"x"', b"null", b"\xff\xfe{}"])
def test_a_body_that_is_not_an_alert_object_is_refused(api, db, raw):
    response = api.post("/alerts", raw=raw)
    assert response.status_code in {400, 422}
    assert_error(response, response.status_code)
    assert not Alert.objects.exists()


def test_invalid_utf8_inside_a_string_is_refused(api, alert_body):
    import json

    raw = json.dumps(alert_body, ensure_ascii=False).replace("insulté", "insult\udcff", 1)
    response = api.post("/alerts", raw=raw.encode("utf-8", "surrogateescape"))
    assert response.status_code == 400
    assert_error(response, 400)
    assert not Alert.objects.exists()


def test_a_10_mb_body_is_refused_as_too_large(api, alert_body):
    alert_body["description"] = "a" * (10 * 1024 * 1024)
    assert_error(api.post("/alerts", alert_body), 413)
    assert not Alert.objects.exists()


@override_settings(ALERT_RATE="2/3600")
def test_submissions_beyond_the_rate_get_429(api, alert_body):
    assert api.post("/alerts", alert_body).status_code == 201
    assert api.post("/alerts", alert_body).status_code == 201
    assert_error(api.post("/alerts", alert_body), 429)
    assert Alert.objects.count() == 2

"""What every call shares: the error shape, the language, no cookies, no CSRF, no cache."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import ApiClient, assert_error


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_accept_language_picks_the_language_of_errors(db, language):
    response = ApiClient(language=language).post("/alerts", {"description": 3})
    assert_error(response, 422, "school_id", "description", "good_faith")
    assert response["Content-Language"] == language


def test_french_is_the_default_language(db, settings):
    settings.LANGUAGE_CODE = "fr"  # the project's own setting, which conftest changes for tests
    response = ApiClient().post("/alerts", {})
    body = assert_error(response, 422)
    assert response["Content-Language"] == "fr"
    assert body["errors"]["description"] == ["Décrivez ce qui s'est passé."]


def test_an_unknown_language_falls_back_to_french(db, settings):
    settings.LANGUAGE_CODE = "fr"
    response = ApiClient(language="de").post("/alerts", {})
    assert response["Content-Language"] == "fr"


def test_an_unknown_address_answers_in_the_error_shape(api):
    assert_error(api.get("/nothing/here"), 404)
    assert_error(api.get("/"), 404)


def test_the_docs_page_is_disabled_because_it_loads_from_a_cdn(api):
    assert_error(api.get("/docs"), 404)


def test_no_csrf_token_is_needed_and_no_cookie_is_set(alert_body):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/alerts", alert_body, content_type="application/json")
    assert response.status_code == 201
    assert not response.cookies


def test_answers_are_never_cached(api, alert_body):
    assert api.post("/alerts", alert_body)["Cache-Control"] == "no-store"
    assert api.get("/schools", q="saint")["Cache-Control"] == "no-store"


def test_the_openapi_document_lists_every_error_code(api):
    spec = api.get("/openapi.json").json()
    codes = {
        (path, method): set(operation["responses"])
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
    }
    assert codes == {
        ("/api/v1/schools", "get"): {"200"},
        ("/api/v1/mailbox/dossier.pdf", "get"): {"200", "202", "401", "422", "429"},
        ("/api/v1/proofs/consistency", "get"): {"200", "422"},
        ("/api/v1/proofs/public-key", "get"): {"200"},
        ("/api/v1/proofs/tree-head", "get"): {"200"},
        ("/api/v1/alerts", "post"): {"201", "400", "413", "415", "422", "429"},
        ("/api/v1/mailbox/session", "post"): {"200", "400", "401", "413", "415", "422", "429"},
        ("/api/v1/mailbox", "get"): {"200", "401"},
        ("/api/v1/mailbox/messages", "post"): {"201", "400", "401", "413", "415", "422"},
        ("/api/v1/mailbox/consent", "put"): {"200", "400", "401", "413", "415", "422"},
        ("/api/v1/mailbox/evidence", "post"): {"201", "400", "401", "413", "415", "422"},
        ("/api/v1/mailbox/timeline", "get"): {"200", "401"},
    }
    error = {"$ref": "#/components/schemas/ErrorOut"}
    # A refused alert's 429 is the error shape plus the emergency numbers when it said danger.
    limited = {"$ref": "#/components/schemas/LimitedOut"}
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            for code, answer in operation["responses"].items():
                if code.startswith("4"):
                    expected = limited if (path, code) == ("/api/v1/alerts", "429") else error
                    assert answer["content"]["application/json"]["schema"] == expected
    shape = spec["components"]["schemas"]["LimitedOut"]
    assert set(shape["properties"]) == {"detail", "errors", "emergency"}
    assert set(shape["required"]) == {"detail", "errors"}

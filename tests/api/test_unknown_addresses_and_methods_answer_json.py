"""Whatever is sent under /api/v1/ (an address the API does not have, a trailing slash, a method
an address does not take) is answered in the API's error shape, never with Django's HTML pages:
the client sends no CSRF token (issue #10: `POST /api/v1/alerts/` answered the HTML 403 page)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import assert_error

METHODS = ["get", "head", "post", "put", "patch", "delete", "options"]


def send(method: str, path: str):
    # As a mobile app sends: JSON, no cookie, no CSRF token; the checks Django does on a browser.
    client = Client(enforce_csrf_checks=True)
    return client.generic(method.upper(), path, b"{}", content_type="application/json")


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "path",
    ["/api/v1/alerts/", "/api/v1/nothing/here", "/api/v1/", "/api/v1/mailbox/session/"],
)
def test_an_unknown_address_answers_404_in_json_whatever_the_method(db, method, path):
    response = send(method, path)

    if method == "head":  # no body, but the same status and type
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
    else:
        assert_error(response, 404)


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("post", "/api/v1/schools", "GET"),
        ("delete", "/api/v1/alerts", "POST"),
        ("patch", "/api/v1/mailbox/consent", "PUT"),
        ("put", "/api/v1/proofs/tree-head", "GET"),
    ],
)
def test_a_method_an_address_does_not_take_answers_405_in_json(db, method, path, allowed):
    response = send(method, path)

    assert_error(response, 405)
    assert allowed in response["Allow"]

"""A field with help or an error names them in aria-describedby, and each id it names is on
the page: a screen reader reads them with the field, on public, staff and acknowledgment pages
alike (one partial: relais/templates/forms/field.html)."""

from __future__ import annotations

import re

from tests.public.conftest import form_data

DESCRIBED = re.compile(r'aria-describedby="([^"]+)"')


def _missing(html: str) -> list[str]:
    named = [ref for refs in DESCRIBED.findall(html) for ref in refs.split()]
    return [ref for ref in named if f'id="{ref}"' not in html]


def _errors_and_help(client, alice_client, ack_token, school) -> dict[str, str]:
    return {
        "alert form": client.post(
            "/form/", form_data(school, good_faith=None, description=""), follow=True
        ),
        "staff sign-in": client.post("/staff/login/", {"username": "", "password": ""}),
        "acknowledgment": client.post("/ack/", {"t": ack_token, "name": "", "role": ""}),
    }


def _check(name: str, html: str) -> None:
    assert 'aria-invalid="true"' in html, name
    assert DESCRIBED.search(html), name
    assert _missing(html) == [], name


def test_each_described_field_names_text_that_is_on_its_page(
    client, alice_client, ack_token, school
):
    for name, response in _errors_and_help(client, alice_client, ack_token, school).items():
        _check(name, response.content.decode())


def test_so_does_the_notice_that_staff_write(alice_client, triaged):
    url = f"/staff/notices/alerts/{triaged.pk}/compose/"
    response = alice_client.post(url, {"subject": "", "body": "", "action": "check"})

    assert response.status_code == 400
    _check("staff notice", response.content.decode())


def test_a_staff_field_error_is_beside_its_field_and_named_by_it(client):
    html = client.post("/staff/login/", {"username": "", "password": "x"}).content.decode()

    field = re.search(r'<input[^>]*name="username"[^>]*>', html).group(0)
    assert 'aria-describedby="id_username_error"' in field
    assert re.search(r'<p class="error" id="id_username_error">[^<]+</p>', html)

"""After a step, a person, a note or what is known is saved, the page answers 303 to the case
with an anchor to the section; the confirmation is inside that section, as a status, and not at
the page's top, out of view after the jump (JavaScript off: no script moves it)."""

from __future__ import annotations

import pytest

from relais.cases.models import Origin
from relais.cases.services import open_case, open_from_notice


@pytest.fixture
def case(alice, school):
    return open_case(
        school=school, by=alice, origin=Origin.PUPIL, conditions={"victim_known": True}
    )


def section(html: str, anchor: str) -> str:
    """The section the anchor names, up to its end."""
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


def top(html: str) -> str:
    """What comes before the first section of the page."""
    return html[: html.index('id="checklist"')]


def landed(client, response) -> tuple[str, str]:
    assert response.status_code == 303
    location = response["Location"]
    return client.get(location).content.decode(), location.split("#", 1)[1]


def test_a_recorded_step_is_confirmed_in_the_checklist(alice_client, case):
    response = alice_client.post(
        f"/school/cases/{case.pk}/steps/keep_evidence/", {"step-keep_evidence-checkbox": "on"}
    )
    html, anchor = landed(alice_client, response)

    assert anchor == "checklist"
    assert 'role="status"' in section(html, anchor)
    assert "Recorded: Advise the pupil to keep the evidence." in section(html, anchor)
    assert "Recorded:" not in top(html)


def test_a_person_added_is_confirmed_among_the_people(alice_client, case):
    html, anchor = landed(
        alice_client, alice_client.post(f"/school/cases/{case.pk}/people/", {"role": "witness"})
    )

    assert anchor == "people"
    assert "Élève A was added to the case." in section(html, anchor)
    assert "was added" not in top(html)


def test_a_note_is_confirmed_in_its_own_audience_s_section(alice, alice_client, acknowledged):
    case = open_from_notice(notice=acknowledged, by=alice)
    html, anchor = landed(
        alice_client,
        alice_client.post(
            f"/school/cases/{case.pk}/notes/association/", {"association-body": "Bonjour."}
        ),
    )

    assert anchor == "notes-association"
    assert "The note was saved." in section(html, anchor)
    assert "The note was saved." not in section(html, "notes-school")
    assert "The note was saved." not in top(html)


def test_what_is_known_is_confirmed_in_its_section(alice_client, case):
    html, anchor = landed(
        alice_client,
        alice_client.post(f"/school/cases/{case.pk}/about/", {"victim_known": "on"}),
    )

    assert anchor == "about"
    assert "What is known of the case was saved" in section(html, anchor)


def test_a_message_without_a_section_stays_at_the_top(alice_client, school):
    response = alice_client.post("/school/cases/new/", {"protocol": "mouscron"})
    html = alice_client.get(response["Location"]).content.decode()

    assert "is open." in top(html)


def test_the_confirmation_is_shown_once(alice_client, case):
    alice_client.post(f"/school/cases/{case.pk}/people/", {"role": "witness"})
    alice_client.get(f"/school/cases/{case.pk}/")

    again = alice_client.get(f"/school/cases/{case.pk}/").content.decode()

    assert "was added" not in again

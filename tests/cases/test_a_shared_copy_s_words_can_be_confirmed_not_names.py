"""A copy whose text the check blocks only for possible names (a capitalised "Relevé" the
recogniser takes for a name) is shared once the case worker ticks each "not a name", as a notice is
sent (relais/cases/sharing.py): a plain POST, the ticked words kept in the item's audit row of the
share. A phone number, or a name from the alert, is never confirmed away; a list that misses one
possible name still blocks; another organisation's case worker gets 404 and shares nothing."""

from __future__ import annotations

import html
from typing import Any

import pytest

from relais.audit.models import AuditAction, AuditEvent
from relais.cases.models import Case
from relais.cases.services import open_from_notice
from relais.evidence.models import Share
from tests.cases.conftest import acknowledged_notice
from tests.cases.share_support import sealed_text, share
from tests.conftest import client_of
from tests.factories import make_alert

dora_client = client_of("dora")

# Two capitalised ordinary words at the start of lines, which the recogniser may take for names.
WORDS = "Relevé de la journée.\nGoûter annulé pour tout le monde.\n"


@pytest.fixture
def alert(be_org: Any, school: Any) -> Any:
    return make_alert(school, description="Léa reçoit des insultes depuis la rentrée.").alert


@pytest.fixture
def case(alert: Any, alice: Any) -> Case:
    return open_from_notice(notice=acknowledged_notice(alert), by=alice)


def shared_rows() -> Any:
    return AuditEvent.objects.filter(action=AuditAction.EVIDENCE_SHARED)


def page_of(response: Any) -> str:
    return html.unescape(response.content.decode()).split('id="share"')[1]


def test_the_blocked_page_asks_about_each_possible_name(dora_client, alert, case):
    item = sealed_text(alert, WORDS)

    response = share(dora_client, item)

    page = page_of(response)
    assert response.status_code == 400
    for word in ("Relevé", "Goûter"):
        assert f'name="not_names" value="{word}">' in page  # unticked
        assert f"{word}: this is not a name" in page
    assert not Share.objects.exists()


def test_once_every_possible_name_is_confirmed_the_copy_is_shared(dora_client, dora, alert, case):
    item = sealed_text(alert, WORDS)

    response = share(dora_client, item, not_names=["Relevé", "Goûter", "Bonjour"])

    assert response.status_code == 302
    assert Share.objects.get(item=item).school == case.school
    row = shared_rows().get()
    assert (row.object_id, row.actor) == (str(item.pk), dora)
    # Only the possible names the check found are kept, as a notice keeps them; not "Bonjour".
    assert sorted(row.details["words"]) == ["Goûter", "Relevé"]
    assert not AuditEvent.objects.filter(action=AuditAction.EVIDENCE_SHARED_DESPITE_CHECK).exists()
    assert AuditEvent.objects.filter(action=AuditAction.CASE_EVIDENCE_ADDED).count() == 1


def test_a_list_that_misses_one_possible_name_still_blocks(dora_client, alert, case):
    item = sealed_text(alert, WORDS)

    response = share(dora_client, item, not_names=["Relevé"])

    page = page_of(response)
    assert response.status_code == 400
    assert "Not shared: tick every word that is not a name" in page
    assert 'value="Relevé" checked>' in page and 'value="Goûter">' in page
    assert not Share.objects.exists() and not shared_rows().exists()


@pytest.mark.parametrize(
    ("text", "found"),
    [("Relevé : appelle le 0470 12 34 56.\n", "0470 12 34 56"), ("Relevé : Léa pleure.\n", "Léa")],
)
def test_an_identifier_is_never_confirmed_away(dora_client, alert, case, text, found):
    item = sealed_text(alert, text)

    response = share(dora_client, item, not_names=["Relevé", found, "0470123456"])

    page = page_of(response)
    assert response.status_code == 400
    assert found in page
    assert 'name="not_names"' not in page  # nothing to tick: only a reason shares it
    assert 'name="reason"' in page
    assert not Share.objects.exists() and not shared_rows().exists()


def test_too_many_words_are_refused_and_nothing_is_shared(dora_client, alert, case):
    item = sealed_text(alert, WORDS)

    response = share(dora_client, item, not_names=[f"mot{n}" for n in range(101)])

    assert response.status_code == 400
    assert "Too many words ticked." in page_of(response)
    assert not Share.objects.exists()


def test_another_organisation_s_case_worker_gets_404(charlie_client, alert, case):
    item = sealed_text(alert, WORDS)

    assert share(charlie_client, item, not_names=["Relevé", "Goûter"]).status_code == 404
    assert not Share.objects.exists() and not shared_rows().exists()

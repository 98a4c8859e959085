"""People found in a chat export are participants until the family says who is who; the victim
the family marks is never listed as an alleged author: not in the synthesis, the mailbox, the
API, the dossier or the police summary (issue 9, point 7)."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from relais.audit.models import AuditEvent
from relais.documents.services import generate_document
from relais.evidence.services import plaintext
from relais.mailbox.services import COOKIE, open_mailbox
from relais.proofs.models import ProofEntry
from relais.timeline.models import Participant
from relais.timeline.selectors import timeline_for
from relais.timeline.services import NotAParticipant, set_roles
from tests.documents.conftest import pdf_text
from tests.factories import make_alert
from tests.timeline.helpers import export, immediate_tasks, upload

__all__ = ["immediate_tasks"]

PEOPLE = "/my/people/"


def _key(handle: str) -> str:
    return "p-" + hashlib.sha256(handle.encode("utf-8")).hexdigest()[:16]


@pytest.fixture
def chat(immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks):
    """The iOS export where Léa (the victim, who wrote most) and Tom write."""
    upload(
        django_capture_on_commit_callbacks,
        mailbox_token,
        export("relais/whatsapp_ios_fr.zip"),
        "chat.zip",
    )
    return submitted.alert


def _mark(client: Client, **roles: str):
    return client.post(PEOPLE, {_key(handle): role for handle, role in roles.items()})


def test_nobody_is_an_alleged_author_until_the_family_says(chat):
    synthesis = timeline_for(chat).synthesis
    assert synthesis.authors == []
    assert [(p.handle, p.role) for p in synthesis.participants] == [("Léa", ""), ("Tom", "")]
    assert not synthesis.roles_given


def test_the_mailbox_page_lists_the_participants_in_plain_words(chat, mailbox_client):
    page = mailbox_client.get(PEOPLE).content.decode()
    assert 'id="people-form"' in page and f'name="{_key("Léa")}"' in page
    assert "someone who bullied (alleged author)" in page
    days = mailbox_client.get(reverse("public:mailbox_days")).content.decode()
    assert PEOPLE in days
    assert 'id="synthesis-authors"' not in days
    assert "Nobody is called an author until the family says who is who." in days


def test_the_victim_marked_by_the_family_is_never_an_alleged_author(
    chat, mailbox_client, mailbox_token
):
    response = _mark(mailbox_client, **{"Léa": "victim", "Tom": "alleged_author"})
    assert response.status_code == 303

    synthesis = timeline_for(chat).synthesis
    assert synthesis.authors == ["Tom"]
    assert [(p.handle, p.role) for p in synthesis.participants] == [
        ("Léa", "victim"),
        ("Tom", "alleged_author"),
    ]
    # The mailbox.
    days = mailbox_client.get(reverse("public:mailbox_days")).content.decode()
    authors = days.split('id="synthesis-authors">')[1].split("</dd>")[0]
    assert authors == "Tom"
    # The API.
    api = Client().get(
        "/api/v1/mailbox/timeline", headers={"Authorization": f"Bearer {mailbox_token}"}
    )
    assert api.json()["synthesis"]["authors"] == ["Tom"]
    # The dossier and the police summary, as their readers see them.
    for kind in ("dossier", "police_summary"):
        document = generate_document(
            alert=chat, kind=kind, options={}, actor=None, actor_kind="reporter"
        )
        text = pdf_text(b"".join(plaintext(document)))
        assert "Auteurs présumés" in text, kind
        # The row's words, up to the next row (the other participants, named with their role).
        listed = text.split("Auteurs présumés", 1)[1].split("Autres participants")[0][:80]
        assert "Tom" in listed and "Léa" not in listed, (kind, listed)


def test_a_role_is_recorded_with_its_audit_row_and_proof_entry(chat, mailbox_client):
    _mark(mailbox_client, **{"Léa": "victim"})
    participant = Participant.objects.get(alert=chat)
    assert (participant.handle, participant.role) == ("Léa", "victim")
    entry = ProofEntry.objects.get(pk=participant.proof_entry_id)
    assert entry.kind == "evidence.participant_role"
    audit = AuditEvent.objects.get(action="evidence.participant_role")
    assert audit.actor_kind == "reporter" and audit.object_id == str(participant.pk)
    # Saying the same again writes nothing more.
    _mark(mailbox_client, **{"Léa": "victim"})
    assert AuditEvent.objects.filter(action="evidence.participant_role").count() == 1


def test_a_bad_choice_is_explained_and_changes_nothing(chat, mailbox_client):
    response = _mark(mailbox_client, **{"Léa": "queen"})
    assert response.status_code == 422
    assert 'id="error-summary"' in response.content.decode()
    assert not Participant.objects.exists()


def test_a_name_that_is_not_in_the_timeline_is_refused(chat):
    with pytest.raises(NotAParticipant):
        set_roles(alert=chat, roles={"Léa": "victim", "Zoé": "alleged_author"})
    assert not Participant.objects.exists()


def test_a_mailbox_never_reaches_another_alerts_participant(chat, mailbox_client, be_org, school):
    other = make_alert(school)
    token, _alert = open_mailbox(receipt=other.receipt)
    stranger = Client()
    stranger.cookies[COOKIE] = token
    assert "Léa" not in stranger.get(PEOPLE).content.decode()
    stranger.post(PEOPLE, {_key("Léa"): "alleged_author"})
    assert not Participant.objects.exists()
    with pytest.raises(NotAParticipant):
        set_roles(alert=other.alert, roles={"Léa": "alleged_author"})


def test_staff_see_the_roles_and_other_organisations_do_not(
    chat, mailbox_client, alice_client, bob_client, charlie_client
):
    _mark(mailbox_client, **{"Léa": "victim", "Tom": "alleged_author"})
    url = reverse("evidence:timeline", args=[chat.pk])
    page = alice_client.get(url).content.decode()
    assert "Léa (the child being bullied)" in page
    assert "Tom (someone who bullied (alleged author))" in page
    assert bob_client.get(url).status_code == 404
    refused = charlie_client.get(url)  # no role: the staff pages' 403, and nothing of the alert
    assert refused.status_code == 403 and "Léa" not in refused.content.decode()

"""French elides "de" before a vowel ("l'équipe d'Athénée"), which a name put in a sentence
cannot do: "l'équipe de ATHENEE", "Le compte de edu.edison". The team's French sentences name a
school as "l'établissement « … »" and an account as "le compte « … »", which read right before
any name. Dutch has no elision: "het team van ATHENEE" reads as it is."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from relais.accounts import team
from relais.accounts.invitation_mail import compose
from relais.accounts.models import Invitation, Role
from relais.notices.queue import token_digest
from tests.accounts.conftest import school_member
from tests.conftest import login_verified
from tests.factories import SchoolFactory

ATHENEE = "ATHENEE ROYAL DE MOUSCRON"


def _athenee():
    return SchoolFactory(name=ATHENEE, city="Mouscron", code="7001")


def test_the_team_page_and_its_messages(db):
    school = _athenee()
    head = school_member("anne.head", school)
    edison = school_member("edu.edison", school, Role.EDUCATOR)
    client = login_verified(Client(), head)

    page = client.get("/join/team/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    confirm = client.get(f"/join/team/{edison.pk}/deactivate/", HTTP_ACCEPT_LANGUAGE="fr")
    team.deactivate_member(by=head, member_id=edison.pk)
    back = client.post(
        f"/join/team/{edison.pk}/reactivate/", follow=True, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert f"L'équipe de l'établissement « {ATHENEE} »" in page
    assert "Désactiver le compte « edu.edison » ?" in confirm.content.decode()
    assert "Le compte « edu.edison » est de nouveau actif" in back
    for html in (page, confirm.content.decode(), back):
        assert "de ATHENEE" not in html and "de edu.edison" not in html


def test_the_join_page(db, client):
    school = _athenee()
    invitation = Invitation.objects.create(
        school=school,
        role=Role.EDUCATOR,
        expires_at=timezone.now() + timedelta(days=7),
        token_digest=token_digest("a-token-for-the-test"),
    )
    assert invitation.pk

    html = client.get(
        "/join/", {"t": "a-token-for-the-test"}, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert f"pour l'équipe de l'établissement « {ATHENEE} »" in html
    assert "de ATHENEE" not in html


def test_the_invitation_e_mail(db):
    school = _athenee()
    head = school_member("edu.edison", school)

    _subject, body = compose(
        school=school, role=Role.EDUCATOR, by=head, asked_by=None, expires=timezone.now()
    )

    assert f"edu.edison, de la direction de l'établissement « {ATHENEE} », invite" in body
    assert "de ATHENEE" not in body


def test_dutch_needs_no_rewording(db):
    school = _athenee()
    head = school_member("anne.head", school)
    edison = school_member("edu.edison", school, Role.EDUCATOR)
    client = login_verified(Client(), head)

    page = client.get("/join/team/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    confirm = client.get(f"/join/team/{edison.pk}/deactivate/", HTTP_ACCEPT_LANGUAGE="nl")

    assert f"Het team — {ATHENEE}" in page
    assert "Het account van edu.edison deactiveren?" in confirm.content.decode()

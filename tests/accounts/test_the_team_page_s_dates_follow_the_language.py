"""The team page (/join/team/) gives an invitation's dates in the page's language (French by
default, Dutch, English), in the school's own time zone, named: an invitation sent at 23:30 UTC
on 2 March was sent on 3 March in Mouscron. The withdrawal's confirmation says its date alike."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from relais.accounts.invitations import invite_member
from relais.accounts.models import Invitation, Role
from tests.accounts.conftest import school_member
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db

SENT = datetime(2025, 3, 2, 23, 30, tzinfo=UTC)  # 3 March, 00:30 in Brussels and Paris
EXPIRES = datetime(2031, 3, 9, 23, 30, tzinfo=UTC)  # 10 March, 00:30 there (winter time)

PAGES = {
    "fr": ("envoyée le 3 mars 2025", "jusqu'au 10 mars 2031 à 0 h 30 (heure de Bruxelles)"),
    "nl": ("verstuurd op 3 maart 2025", "geldig tot 10 maart 2031, 00:30 (Brusselse tijd)"),
    "en": ("sent on 3 March 2025", "valid until 10 March 2031, 00:30 (Brussels time)"),
}


def _invitation_of(head) -> Invitation:
    invitation = invite_member(by=head, role=Role.EDUCATOR)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=SENT, expires_at=EXPIRES)
    return invitation


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_invitation_s_dates_are_in_the_page_s_language(alice_head, language):
    _invitation_of(alice_head)
    client = login_verified(Client(), alice_head)

    page = client.get("/join/team/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    for words in PAGES[language]:
        assert words in page
    if language != "fr":
        assert "heure de Bruxelles" not in page and " mars " not in page


def test_french_by_default(alice_head, settings):
    settings.LANGUAGE_CODE = "fr"
    _invitation_of(alice_head)
    client = login_verified(Client(), alice_head)

    page = client.get("/join/team/").content.decode()

    for words in PAGES["fr"]:
        assert words in page


def test_a_school_in_france_reads_paris_time(fr_school):
    head = school_member("bob.head", fr_school)
    _invitation_of(head)
    client = login_verified(Client(), head)

    page = client.get("/join/team/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "valid until 10 March 2031, 00:30 (Paris time)" in page


def test_the_withdrawal_s_confirmation_speaks_the_page_s_language(alice_head):
    invitation = _invitation_of(alice_head)
    client = login_verified(Client(), alice_head)

    response = client.post(
        reverse("join:withdraw", args=[invitation.pk]), follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    page = response.content.decode()
    assert "sent on 3 March 2025, 00:30 (Brussels time) is withdrawn" in page

"""The team page (/join/team/) gives a member's last sign-in as it gives an invitation's dates:
in the page's language, in the school's own time zone, named, whatever the server's zone. A
member who signed in at 23:30 UTC on 2 March did so at 00:30 on 3 March in Mouscron."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from relais.accounts.models import User
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db

SIGNED_IN = datetime(2025, 3, 2, 23, 30, tzinfo=UTC)  # 3 March, 00:30 in Brussels

PAGES = {
    "fr": "3 mars 2025 à 0 h 30 (heure de Bruxelles)",
    "en": "3 March 2025, 00:30 (Brussels time)",
}


@pytest.fixture
def team_page(settings, alice_head, educator):
    settings.TIME_ZONE = "UTC"  # a server kept in UTC, as many are
    User.objects.filter(pk=educator.pk).update(last_login=SIGNED_IN)
    client = login_verified(Client(), alice_head)
    return lambda language: client.get("/join/team/", HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_last_sign_in_is_in_the_school_s_time_zone(team_page, language):
    page = team_page(language).content.decode()

    assert PAGES[language] in page
    assert "23:30" not in page and "2 March 2025" not in page and "2 mars 2025" not in page


def test_a_member_who_never_signed_in_reads_never(team_page, educator):
    User.objects.filter(pk=educator.pk).update(last_login=None)

    page = team_page("en").content.decode()

    assert "<dt>Last sign-in</dt><dd>never</dd>" in page

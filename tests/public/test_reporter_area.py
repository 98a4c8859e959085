"""Every reporter page is in one app (relais.public), and every mailbox page reaches its alert
through one access helper (relais.public.access.mailbox_required): without a live session, each
one gives the same answer, whatever the method and however the session ended. Issue 11, point 2.

The URLs are read from the URLconf, so that a page added later is checked without being listed.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

import relais
from relais.alerts.models import Message
from relais.documents.models import GeneratedDocument
from relais.evidence.models import EvidenceItem
from relais.mailbox.models import MailboxSession
from relais.mailbox.services import COOKIE, open_mailbox
from relais.public import mailbox, views
from relais.public.access import MARK

# The reporter's pages that work without a mailbox session; every other one must be wrapped.
OPEN = {
    views.home,
    views.alert,
    views.alert_sent,
    mailbox.mailbox,  # the receipt form itself, where the others send the browser
    mailbox.mailbox_open,
    mailbox.mailbox_logout,
    mailbox.quick_exit,
}
SAMPLES = {"uuid": str(uuid.uuid4()), "int": "1", "dockind": "1"}


def _reporter_area() -> URLResolver:
    (area,) = [
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and entry.namespace == "public"
    ]
    return area


def _path(route: str) -> str:
    """A path for ``route`` with a sample value for each parameter."""
    return "/" + re.sub(r"<(\w+):\w+>", lambda match: SAMPLES[match.group(1)], route)


def reporter_urls() -> list[tuple[str, object]]:
    """(path, view) for every URL of the reporter's area, named or kept for old links."""
    found = []
    for entry in _reporter_area().url_patterns:
        assert isinstance(entry, URLPattern), "the reporter's area includes nothing else"
        found.append((_path(str(entry.pattern)), entry.callback))
    return found


MAILBOX_URLS = [path for path, view in reporter_urls() if view not in OPEN]


def test_the_list_of_urls_is_read_from_the_urlconf():
    paths = [path for path, _view in reporter_urls()]
    assert "/form/" in paths and "/my/" in paths
    # The three apps' mailbox pages of earlier versions, and the old paths, are all here.
    for path in ("/my/files/add/", "/my/days/all/", f"/my/papers/{SAMPLES['uuid']}/pdf/"):
        assert path in MAILBOX_URLS
    assert "/mailbox/documents/1/" in MAILBOX_URLS
    assert len(MAILBOX_URLS) >= 25


def test_every_mailbox_view_is_wrapped_by_the_access_helper():
    for path, view in reporter_urls():
        assert getattr(view, MARK, False) is (view not in OPEN), path


def test_every_reporter_view_and_template_lives_in_the_reporter_app():
    area = _reporter_area()
    for path, view in reporter_urls():
        assert view.__module__.startswith("relais.public."), path

    def outside(entries: list) -> list:
        views = []
        for entry in entries:
            if entry is area:
                continue
            if isinstance(entry, URLResolver):
                views += outside(entry.url_patterns)
            else:
                views.append(entry.callback)
        return views

    for view in outside(get_resolver().url_patterns):
        assert not getattr(view, MARK, False), view
        assert not (getattr(view, "__module__", "") or "").startswith("relais.public."), view
    root = Path(relais.__file__).parent
    reporter_templates = [
        path.relative_to(root).as_posix()
        for path in root.glob("*/templates/**/*mailbox*.html")
        if not path.is_relative_to(root / "public")
    ]
    assert reporter_templates == []


def _never_opened(submitted) -> Client:
    return Client()


def _expired(submitted) -> Client:
    token, _alert = open_mailbox(receipt=submitted.receipt)
    MailboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client = Client()
    client.cookies[COOKIE] = token
    return client


def _closed(submitted) -> Client:
    client = Client()
    client.post("/my/open/", {"receipt": submitted.receipt})
    client.post("/my/close/")
    return client


def _made_up(submitted) -> Client:
    client = Client()
    client.cookies[COOKIE] = "x" * 43
    return client


@pytest.mark.parametrize("browser", [_never_opened, _expired, _closed, _made_up])
def test_without_a_live_session_every_mailbox_url_sends_to_the_receipt_form(submitted, browser):
    client = browser(submitted)
    answers = {}
    for path in MAILBOX_URLS:
        for method in (client.get, client.post):
            response = method(path)
            answers[method.__name__, path] = (
                response.status_code,
                response.get("Location"),
                response.content,
            )
    assert set(answers.values()) == {(303, "/my/", b"")}, {
        key: answer for key, answer in answers.items() if answer != (303, "/my/", b"")
    }
    assert Message.objects.count() == 0
    assert EvidenceItem.objects.count() == 0
    assert GeneratedDocument.objects.count() == 0


def test_the_receipt_form_says_the_session_ended_only_when_there_was_one(submitted):
    ended = _expired(submitted).get("/my/days/", follow=True)
    assert ended.redirect_chain == [("/my/", 303)]
    assert 'id="session-ended"' in ended.content.decode()
    assert ended.cookies[COOKIE].value == ""  # the dead cookie is forgotten
    fresh = Client().get("/my/days/", follow=True)
    assert 'id="mailbox-open-form"' in fresh.content.decode()
    assert 'id="session-ended"' not in fresh.content.decode()


def test_a_message_typed_after_the_session_ended_is_given_back(submitted):
    client = _expired(submitted)
    response = client.post("/my/send/", {"body": "Il recommence."}, follow=True)
    assert response.redirect_chain == [("/my/", 303)]
    assert "Il recommence." in response.content.decode()
    # Any other form is not kept: the page after the receipt says nothing of it.
    client.post("/my/choices/", {"name": "Léa Martin"})
    assert "Léa Martin" not in client.get("/my/").content.decode()


def test_the_api_and_the_pages_share_one_session_lookup(submitted):
    """The API's bearer token and the pages' cookie are one session: what opens one opens the
    other, and an ended session is refused by both, each in its own way."""
    token, _alert = open_mailbox(receipt=submitted.receipt)
    bearer = {"Authorization": f"Bearer {token}"}
    browser = Client()
    browser.cookies[COOKIE] = token
    assert Client().get("/api/v1/mailbox", headers=bearer).status_code == 200
    assert browser.get("/my/days/").status_code == 200
    MailboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    refused = Client().get("/api/v1/mailbox", headers=bearer)
    assert refused.status_code == 401
    assert set(refused.json()) == {"detail", "errors"}
    assert browser.get("/my/days/")["Location"] == "/my/"

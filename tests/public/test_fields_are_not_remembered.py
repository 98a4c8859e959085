"""No field holding a fact or an identity may be remembered by the browser's autofill."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from relais.mailbox.models import MailboxSession

FIELD = re.compile(r"<(textarea|input)\b([^>]*)>", re.S)
# Types that hold nothing typed: the browser has nothing to remember.
SILENT = {"hidden", "checkbox", "radio", "file", "submit", "button"}


def remembered_fields(html: str) -> list[str]:
    found = []
    for tag, attrs in FIELD.findall(html):
        kind = re.search(r'type="([^"]*)"', attrs)
        if tag == "input" and kind and kind.group(1) in SILENT:
            continue
        if 'autocomplete="off"' not in attrs:
            found.append(f"<{tag}{attrs}>")
    return found


def test_the_alert_form_remembers_nothing(client, school):
    html = client.get("/form/").content.decode()
    assert 'name="description"' in html and 'name="class_grade"' in html
    assert remembered_fields(html) == []


def test_no_mailbox_page_remembers_anything(mailbox_client):
    fields = {
        "/my/": 'name="body"',
        "/my/files/": 'name="note"',
        "/my/days/": 'name="url"',
        "/my/choices/": 'name="contact"',
        "/my/parents/": 'name="victim_name"',
    }
    for path, field in fields.items():
        response = mailbox_client.get(path)
        html = response.content.decode()
        assert response.status_code == 200 and field in html, path
        assert remembered_fields(html) == [], path


def test_the_consent_name_and_contact_are_not_remembered(mailbox_client):
    html = mailbox_client.get("/my/choices/").content.decode()
    for name in ("name", "contact"):
        assert re.search(rf'<input[^>]*name="{name}"[^>]*autocomplete="off"', html), name


def test_the_message_given_back_after_the_timeout_is_not_remembered(mailbox_client):
    MailboxSession.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    sent = mailbox_client.post("/my/send/", {"body": "Il m'attend à la sortie."}, follow=True)
    html = sent.content.decode()
    assert 'id="pending"' in html
    assert remembered_fields(html) == []

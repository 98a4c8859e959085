"""A right-to-left override (U+202E) or another bidi control in imported text is shown to staff
as a visible mark, never obeyed: obeyed, it reverses what follows ("gpj.exe" reads "exe.jpg")."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.timeline.helpers import immediate_tasks, upload  # noqa: F401

CHAT = (
    "[14/03/2025, 16:20:00] Max\u202eeM: t'es nul\n"
    "[14/03/2025, 16:21:00] Léo: ouvre photo\u202egpj.exe\u202c stp\n"
)


def test_the_staff_timeline_marks_bidi_controls_visibly(
    immediate_tasks,  # noqa: F811
    alice_client,
    mailbox_token,
    submitted,
    django_capture_on_commit_callbacks,
):
    upload(django_capture_on_commit_callbacks, mailbox_token, CHAT.encode(), "WhatsApp Chat.txt")
    response = alice_client.get(reverse("evidence:timeline", args=[submitted.alert.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ouvre photo" in page, "the chat was imported"
    # The author filter's option values keep the name as stored (they are sent back, not shown).
    shown = re.sub(r'value="[^"]*"', "", page)
    for control in ("\u202e", "\u202c"):
        assert control not in shown
    assert "photo[U+202E]gpj.exe[U+202C] stp" in page
    assert "Max[U+202E]eM" in page


def test_the_staff_alert_page_marks_bidi_controls_visibly(alice_client, be_org, school):
    from relais.alerts.services import post_reporter_message
    from tests.factories import make_alert

    submitted = make_alert(
        school,
        description="Depuis toujours \u202eelbisivni\u202c on me frappe.",
        class_grade="\u202e1B",
    )
    post_reporter_message(alert=submitted.alert, body="abc \u202e gnp.exe")
    response = alice_client.get(reverse("staff:alert", args=[submitted.alert.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    # Form fields keep the text as stored: they are edited and sent back, not read as facts.
    shown = re.sub(r'value="[^"]*"|<textarea[^>]*>[^<]*</textarea>', "", page)
    assert "\u202e" not in shown and "\u202c" not in shown
    assert "Depuis toujours [U+202E]elbisivni[U+202C] on me frappe." in page
    assert "[U+202E]1B" in page
    assert "abc [U+202E] gnp.exe" in page

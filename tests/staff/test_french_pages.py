"""French staff pages mix no English: every string of the staff templates and of the audit
trail has a French and a Dutch translation, and the trail names automatic and school actors in
the reader's language."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from relais.alerts.services import move_alert
from relais.alerts.workflow import Status
from relais.audit.models import ActorKind, AuditAction

TEMPLATES = Path(__file__).resolve().parents[2] / "relais" / "staff" / "templates" / "staff"
TRANSLATE = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")
BLOCK = re.compile(r"{%\s*blocktranslate[^%]*%}(.+?){%\s*(?:plural|endblocktranslate)", re.S)
VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def _template_strings() -> set[str]:
    found: set[str] = set()
    # admin_*.html belong to the admin's pages, tested with them (tests/staff/test_admin.py).
    for path in (p for p in TEMPLATES.glob("*.html") if not p.name.startswith("admin_")):
        text = path.read_text()
        found |= {match[1] for match in TRANSLATE.findall(text)}
        for block in BLOCK.findall(text):
            found.add(" ".join(VARIABLE.sub(r"%(\1)s", block).split()))
    return found


def _untranslated(strings) -> list[str]:
    missing = []
    for text in strings:
        with translation.override("fr"):
            fr = translation.gettext(text)
        with translation.override("nl"):
            nl = translation.gettext(text)
        if fr == text and nl == text:
            missing.append(text)
    return missing


def test_every_string_of_the_staff_templates_is_translated():
    strings = _template_strings()
    assert len(strings) > 60  # the extraction works
    # Words that are the same in French, Dutch and English, and names.
    same = {"SHA-256", "Relais"}
    assert [s for s in _untranslated(strings) if s not in same] == []


def test_every_audit_action_and_actor_is_translated():
    for label in [choice.label for choice in [*AuditAction, *ActorKind]]:
        with translation.override("en"):
            english = str(label)
        with translation.override("fr"):
            french = str(label)
        with translation.override("nl"):
            dutch = str(label)
        assert (french, dutch) != (english, english), english
    with translation.override("fr"):
        assert str(ActorKind.SCHOOL.label) == "l'établissement scolaire"


def test_the_trail_names_the_system_in_french(alice_client, submitted):
    move_alert(alert=submitted.alert, to=Status.TRIAGED, actor=None, actor_kind="system")
    response = alice_client.get(
        reverse("staff:alert", args=[submitted.alert.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    whos = {row.who for row in response.context["trail"]}
    assert "system" not in whos
    assert "Relais, automatiquement" in whos

"""Adding a jurisdiction is adding a pack folder; a broken pack stops start-up, naming its file
and key (issue 11, point 5)."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.apps import apps

from relais.documents.legal import load_references
from relais.jurisdictions.packs import PACK_DIR, PackError, all_packs
from relais.notices.deadlines import check_deadlines
from relais.notices.outbox import send_due
from relais.notices.texts import texts_for
from tests.notices.conftest import queue_plain_notice

LAW = "Loi sur l'école de Zedland, article 1er"


def copy_packs(target: Path) -> Path:
    for folder in ("fr", "be-fwb"):
        shutil.copytree(PACK_DIR / folder, target / folder)
    return target


def write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def add_zedland(folder: Path) -> None:
    """A minimal third pack: one number, its own delays, time zone and law, Belgian letters."""
    write(
        folder / "zz" / "pack.yaml",
        {
            "code": "zz",
            "name": {"fr": "Zedland", "nl": "Zedland", "en": "Zedland"},
            "authority": {"fr": "Ministère", "nl": "Ministerie", "en": "Ministry"},
            "emergency": [{"number": "112", "name": {"fr": "Urgences", "nl": "Nood", "en": "SOS"}}],
            "consent_age": 14,
            "referral_answer_days": 10,
        },
    )
    shutil.copytree(PACK_DIR / "be-fwb" / "letters", folder / "zz" / "letters")
    notices = yaml.safe_load((PACK_DIR / "be-fwb" / "notices.yaml").read_text(encoding="utf-8"))
    notices.update(code="zz", ack_days=3, escalation_days=5, time_zone="Europe/Luxembourg")
    notices.update(zone_words="heure de Luxembourg", authority_default="le ministère")
    write(folder / "zz" / "notices.yaml", notices)
    law = {
        "key": "zz-1",
        "title": LAW,
        "text": "Chaque école traite les signalements de harcèlement.",
        "source": "Journal officiel de Zedland",
        "effective_from": "2025-01-01",
        "letters": ["notice", "law_reminder"],
    }
    (folder / "zz" / "legal_references.yaml").write_text(
        yaml.safe_dump([law], allow_unicode=True).replace("'2025-01-01'", "2025-01-01"),
        encoding="utf-8",
    )


@pytest.fixture
def packs(settings, tmp_path):
    settings.JURISDICTION_PACKS_DIR = copy_packs(tmp_path / "packs")
    return tmp_path / "packs"


def test_a_third_pack_gives_its_notice_its_own_law_and_deadlines(packs, smtp, triaged, alice):
    add_zedland(packs)
    assert set(all_packs()) == {"fr", "be-fwb", "zz"}
    apps.get_app_config("jurisdictions").ready()  # the start-up check accepts it
    load_references()  # `relais load_legal_references`: the new pack's law joins the table
    school = triaged.school
    school.jurisdiction = "zz"
    school.save()

    notice = queue_plain_notice(triaged, alice)
    send_due()
    notice.refresh_from_db()

    sent = smtp.sink.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert notice.jurisdiction == "zz"
    assert LAW in notice.body
    assert "dans les 3 jours" in sent and "(heure de Luxembourg)" in sent
    assert texts_for("zz").ack_days == 3
    assert check_deadlines(now=notice.sent_at + timedelta(days=2.9)).reminders == 0
    assert check_deadlines(now=notice.sent_at + timedelta(days=3.1)).reminders == 1
    assert check_deadlines(now=notice.sent_at + timedelta(days=5.1)).proposals == 1


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        ("pack.yaml", {"emergency": []}, "be-fwb/pack.yaml: emergency"),
        ("pack.yaml", {"code": "be"}, "be-fwb/pack.yaml: code must be the folder's name"),
        ("notices.yaml", {"ack_days": "sept"}, "be-fwb/notices.yaml: ack_days must be"),
        ("notices.yaml", {"time_zone": "Mars/Olympus"}, "be-fwb/notices.yaml: time_zone"),
    ],
)
def test_a_broken_pack_stops_start_up_naming_file_and_key(packs, file, change, message):
    path = packs / "be-fwb" / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(change)
    write(path, data)

    with pytest.raises(PackError, match=message):
        apps.get_app_config("jurisdictions").ready()


def test_a_broken_legal_reference_stops_start_up_naming_file_and_key(packs):
    path = packs / "fr" / "legal_references.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("categories: [menace]", "categories: [menaces]"),
        encoding="utf-8",
    )

    with pytest.raises(PackError, match=r"fr/legal_references.yaml #\d+ \(cp-222-17-18\): categ"):
        apps.get_app_config("jurisdictions").ready()

"""Whether a jurisdiction's phones write dates day first is a key of its pack (`day_first` in
pack.yaml), read through the jurisdictions app, not a list in the importer (issue 11): a chat
export whose dates read both ways is read day first where the pack says so, month first (as its
English clock suggests) where it does not, and flagged either way."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from relais.jurisdictions.packs import PACK_DIR, PackError, all_packs, load_pack
from relais.timeline.models import ChatImport, TimelineEvent
from tests.timeline.helpers import immediate_tasks, upload

__all__ = ["immediate_tasks"]
AMBIGUOUS = Path(__file__).resolve().parents[1] / "data" / "exports" / "issue9"


def _packs(folder: Path, **be_fwb: object) -> Path:
    for code in ("fr", "be-fwb"):
        shutil.copytree(PACK_DIR / code, folder / code)
    pack = folder / "be-fwb" / "pack.yaml"
    data = yaml.safe_load(pack.read_text(encoding="utf-8"))
    pack.write_text(yaml.safe_dump({**data, **be_fwb}, allow_unicode=True), encoding="utf-8")
    return folder


def _first_date(capture, token: str) -> str:
    content = (AMBIGUOUS / "whatsapp_ios_en_12h_ambiguous.txt").read_bytes()
    upload(capture, token, content, "_chat.txt")
    assert ChatImport.objects.get().problems  # the order is asked either way
    return TimelineEvent.objects.order_by("position").first().occurred_at.date().isoformat()


def test_both_packs_shipped_say_their_phones_write_the_day_first():
    assert {code: pack.day_first for code, pack in all_packs().items()} == {
        "fr": True,
        "be-fwb": True,
    }


def test_a_day_first_pack_reads_an_ambiguous_export_day_first(
    immediate_tasks, mailbox_token, submitted, django_capture_on_commit_callbacks
):
    assert submitted.alert.school.jurisdiction == "be-fwb"
    assert _first_date(django_capture_on_commit_callbacks, mailbox_token) == "2024-03-01"


def test_a_pack_that_does_not_say_so_reads_it_month_first(
    immediate_tasks,
    mailbox_token,
    submitted,
    settings,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    settings.JURISDICTION_PACKS_DIR = _packs(tmp_path / "packs", day_first=False)

    assert _first_date(django_capture_on_commit_callbacks, mailbox_token) == "2024-01-03"


def test_a_day_first_that_is_not_true_or_false_stops_start_up(tmp_path):
    folder = _packs(tmp_path / "packs", day_first="yes")

    with pytest.raises(PackError, match=r"be-fwb/pack\.yaml: day_first must be true or false"):
        load_pack(folder / "be-fwb" / "pack.yaml")

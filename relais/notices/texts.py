"""The school-facing texts per jurisdiction: each pack's notices.yaml, validated at start-up.

They are written in the school's language (French for both packs), not through gettext: they are
documents addressed to a direction, like a letter. The law a notice cites is not here: it is read
from the LegalReference table (relais/documents/legal.py), the rows marked `notice`, so that an
administrator's correction reaches notices and letters alike.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from relais.alerts.categories import FRENCH_WORDS, Category
from relais.jurisdictions.packs import pack_folders, packs_dir

NOTICES_FILE = "notices.yaml"
KINDS = ("notice", "reminder", "escalation")
DEADLINE_DATES = ("$ack_due", "$escalation_due")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


class TextsError(ValueError):
    pass


@dataclass(frozen=True)
class Texts:
    code: str
    language: str
    templates: dict[str, tuple[str, str]]  # kind -> (subject, body)
    ack_paragraph: str
    # The deadlines the school is told, and that check_deadlines applies to its notices.
    ack_days: int
    escalation_days: int
    deadlines_paragraph: str
    danger_paragraph: str  # in the notice when someone is in danger now
    authority_default: str  # when the school's record names no authority
    urgent: str  # the subject's prefix when a child is in danger now, with its separator
    time_zone: str
    zone_words: str  # "heure de Bruxelles": named beside every time the school reads

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def when(self, moment: datetime) -> str:
        """ "3 mars 2025 à 14 h 05 (heure de Bruxelles)": local time, its zone named."""
        local = moment.astimezone(self.zone())
        return f"{long_date(local.date())} à {local.hour} h {local.minute:02d} ({self.zone_words})"

    def render(self, kind: str, **values: str) -> tuple[str, str]:
        subject, body = self.templates[kind]
        values.setdefault("ack_days", str(self.ack_days))
        values.setdefault("escalation_days", str(self.escalation_days))
        body = string.Template(body).safe_substitute(values).strip()
        # An empty paragraph ($danger when nobody is in danger) leaves no blank gap.
        body = re.sub(r"\n[ \t]*(\n[ \t]*)+\n", "\n\n", body)
        return " ".join(string.Template(subject).safe_substitute(values).split()), body

    def labels(self, codes: list[str]) -> list[str]:
        """The categories' words in the order of Category, for a subject."""
        return [FRENCH_WORDS[c].label for c in ordered(codes) if c in FRENCH_WORDS]

    def situation(self, codes: list[str]) -> str:
        """ "une situation de harcèlement, d'humiliations et de menaces"."""
        words = [FRENCH_WORDS[c].of for c in ordered(codes) if c in FRENCH_WORDS]
        return "une situation " + join_words(words or [FRENCH_WORDS[Category.HARCELEMENT].of])


def _load(path: Path) -> Texts:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TextsError(f"{path}: cannot be read ({error})") from None
    where = f"{path.parent.name}/{path.name}"
    if not isinstance(data, dict) or data.get("code") != path.parent.name:
        raise TextsError(f"{where}: code must be the folder's name, {path.parent.name!r}")
    for key in ("ack_days", "escalation_days"):
        if not isinstance(data.get(key), int) or data[key] < 1:
            raise TextsError(f"{where}: {key} must be a whole number of days")
    required = ("deadlines_paragraph", "danger_paragraph", "authority_default", "urgent")
    for key in (*required, "zone_words"):
        if not data.get(key):
            raise TextsError(f"{where}: {key} is required")
    try:
        ZoneInfo(str(data.get("time_zone", "")))
    except (KeyError, ValueError):
        raise TextsError(f"{where}: time_zone must be a zone such as Europe/Brussels") from None
    templates = {}
    for kind in KINDS:
        block = data.get(kind) or {}
        if not block.get("subject") or not block.get("body"):
            raise TextsError(f"{where}: {kind} needs a subject and a body")
        templates[kind] = (str(block["subject"]), str(block["body"]))
    if not data.get("ack_paragraph"):
        raise TextsError(f"{where}: ack_paragraph is required")
    # The school is told the dates of its deadlines, not only their number of days.
    for key, text in (
        ("deadlines_paragraph", str(data["deadlines_paragraph"])),
        ("reminder", templates["reminder"][1]),
    ):
        for placeholder in DEADLINE_DATES:
            if placeholder not in text:
                raise TextsError(f"{where}: {key} must give the date {placeholder}")
    return Texts(
        code=str(data["code"]),
        language=str(data.get("language", "fr")),
        templates=templates,
        ack_paragraph=" ".join(str(data["ack_paragraph"]).split()),
        ack_days=int(data["ack_days"]),
        escalation_days=int(data["escalation_days"]),
        deadlines_paragraph=" ".join(str(data["deadlines_paragraph"]).split()),
        danger_paragraph=" ".join(str(data["danger_paragraph"]).split()),
        authority_default=str(data["authority_default"]),
        urgent=str(data["urgent"]),
        time_zone=str(data["time_zone"]),
        zone_words=str(data["zone_words"]),
    )


@cache
def _all_texts(folder: Path) -> dict[str, Texts]:
    return {t.code: t for t in (_load(pack / NOTICES_FILE) for pack in pack_folders(folder))}


def all_texts() -> dict[str, Texts]:
    """The texts of every pack (JURISDICTION_PACKS_DIR), read once per folder."""
    return _all_texts(packs_dir())


def texts_for(jurisdiction: str) -> Texts:
    try:
        return all_texts()[jurisdiction]
    except KeyError:
        raise TextsError(f"no notice texts for the jurisdiction {jurisdiction!r}") from None


def ordered(codes: list[str]) -> list[str]:
    order = {value: index for index, value in enumerate(Category.values)}
    return sorted(set(codes), key=lambda c: order.get(c, len(order)))


def join_words(words: list[str]) -> str:
    """French enumeration: "a", "a et b", "a, b et c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " et " + words[-1]


def long_date(day: date) -> str:
    """3 mars 2025 (French, whatever the interface language: these texts go to a school)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_year(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"

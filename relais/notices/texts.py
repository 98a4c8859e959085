"""The school-facing texts per jurisdiction: YAML data in templates_data/, validated at load.

They are written in the school's language (French for both packs), not through gettext: they are
documents addressed to a direction, like a letter, and their legal references carry a source and
an effective date so that an administrator can correct them without touching code.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from relais.alerts.models import Category

DATA_DIR = Path(__file__).parent / "templates_data"
KINDS = ("notice", "reminder", "escalation")
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
class Reference:
    id: str
    text: str
    source: str
    effective_from: date
    verify: bool


@dataclass(frozen=True)
class Texts:
    code: str
    language: str
    categories: dict[str, str]
    references: tuple[Reference, ...]
    templates: dict[str, tuple[str, str]]  # kind -> (subject, body)
    ack_paragraph: str

    def render(self, kind: str, **values: str) -> tuple[str, str]:
        subject, body = self.templates[kind]
        values.setdefault("obligations", "\n\n".join(r.text for r in self.references))
        return (
            string.Template(subject).safe_substitute(values).strip(),
            string.Template(body).safe_substitute(values).strip(),
        )


def _load(path: Path) -> Texts:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = path.name
    if not isinstance(data, dict) or not data.get("code"):
        raise TextsError(f"{where}: a code is required")
    categories = data.get("categories") or {}
    missing = set(Category.values) - set(categories)
    if missing:
        raise TextsError(f"{where}: categories without words: {sorted(missing)}")
    references = []
    for ref in data.get("references") or []:
        if not all(ref.get(k) for k in ("id", "text", "source", "effective_from")):
            raise TextsError(f"{where}: a reference needs id, text, source and effective_from")
        if not isinstance(ref["effective_from"], date):
            raise TextsError(f"{where}: {ref['id']}: effective_from must be a date (YYYY-MM-DD)")
        references.append(
            Reference(
                id=str(ref["id"]),
                text=" ".join(str(ref["text"]).split()),
                source=str(ref["source"]),
                effective_from=ref["effective_from"],
                verify=bool(ref.get("verify", False)),
            )
        )
    templates = {}
    for kind in KINDS:
        block = data.get(kind) or {}
        if not block.get("subject") or not block.get("body"):
            raise TextsError(f"{where}: {kind} needs a subject and a body")
        templates[kind] = (str(block["subject"]), str(block["body"]))
    if not data.get("ack_paragraph"):
        raise TextsError(f"{where}: ack_paragraph is required")
    return Texts(
        code=str(data["code"]),
        language=str(data.get("language", "fr")),
        categories={str(k): str(v) for k, v in categories.items()},
        references=tuple(references),
        templates=templates,
        ack_paragraph=" ".join(str(data["ack_paragraph"]).split()),
    )


@cache
def all_texts() -> dict[str, Texts]:
    return {t.code: t for t in map(_load, sorted(DATA_DIR.glob("*.yaml")))}


def texts_for(jurisdiction: str) -> Texts:
    try:
        return all_texts()[jurisdiction]
    except KeyError:
        raise TextsError(f"no notice texts for the jurisdiction {jurisdiction!r}") from None


def long_date(day: date) -> str:
    """3 mars 2025 (French, whatever the interface language: these texts go to a school)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_year(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"

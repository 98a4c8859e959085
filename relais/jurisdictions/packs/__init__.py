"""Load and validate the YAML packs shipped beside this module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

PACK_DIR = Path(__file__).parent
LANGS = ("fr", "nl", "en")
CODES = ("fr", "be-fwb")


class PackError(ValueError):
    pass


# "(in Dutch)" after a line that does not speak the reader's language.
SPOKEN = {"fr": _("in French"), "nl": _("in Dutch"), "en": _("in English"), "de": _("in German")}


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    names: dict[str, str]
    # The languages the line answers in; empty when it answers in every language of the pack
    # (112, the police).
    languages: tuple[str, ...] = ()

    def name(self) -> str:
        return _pick(self.names)

    def speaks(self, language: str) -> bool:
        return not self.languages or language in self.languages


@dataclass(frozen=True)
class ReaderLine:
    """A number as one reader sees it: its name, and the language it speaks when not theirs."""

    number: str
    name: str
    language_note: str


@dataclass(frozen=True)
class Pack:
    code: str
    names: dict[str, str]
    school_code: str
    authority_names: dict[str, str]
    emergency: tuple[EmergencyNumber, ...]

    def name(self) -> str:
        return _pick(self.names)

    def authority(self) -> str:
        return _pick(self.authority_names)

    def for_reader(self) -> list[ReaderLine]:
        """Every number, those that speak the reader's language first (in the pack's order),
        then the others with the language they speak: a Dutch-speaking child in Belgium is
        offered Awel before a French-language line, and told which is which."""
        language = (get_language() or "fr")[:2]
        ordered = sorted(self.emergency, key=lambda line: not line.speaks(language))
        return [
            ReaderLine(
                number=line.number,
                name=line.name(),
                language_note=""
                if line.speaks(language)
                else ", ".join(str(SPOKEN.get(code, code)) for code in line.languages),
            )
            for line in ordered
        ]


def _pick(texts: dict[str, str]) -> str:
    lang = (get_language() or "fr")[:2]
    return texts.get(lang) or texts["fr"]


def _translated(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or any(lang not in value for lang in LANGS):
        raise PackError(f"{where}: needs a text in each of {', '.join(LANGS)}")
    return {lang: str(value[lang]) for lang in LANGS}


def _languages(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value or any(code not in SPOKEN for code in value):
        raise PackError(f"{where}: languages must be a list of {', '.join(SPOKEN)}")
    return tuple(str(code) for code in value)


def load_pack(path: Path) -> Pack:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    where = path.name
    if not isinstance(data, dict) or data.get("code") not in CODES:
        raise PackError(f"{where}: code must be one of {CODES}")
    numbers = data.get("emergency") or []
    if not numbers:
        raise PackError(f"{where}: at least one emergency number is required")
    return Pack(
        code=data["code"],
        names=_translated(data.get("name"), f"{where} name"),
        school_code=str(data.get("school_code", "")),
        authority_names=_translated(data.get("authority"), f"{where} authority"),
        emergency=tuple(
            EmergencyNumber(
                str(n["number"]),
                _translated(n.get("name"), f"{where} {n}"),
                _languages(n.get("languages"), f"{where} {n}"),
            )
            for n in numbers
        ),
    )


@cache
def all_packs() -> dict[str, Pack]:
    packs = {pack.code: pack for pack in map(load_pack, sorted(PACK_DIR.glob("*.yaml")))}
    missing = set(CODES) - set(packs)
    if missing:
        raise PackError(f"missing jurisdiction packs: {sorted(missing)}")
    return packs


def get_pack(code: str) -> Pack:
    return all_packs()[code]

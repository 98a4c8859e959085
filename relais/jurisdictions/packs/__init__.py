"""Load and validate the YAML packs shipped beside this module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language

PACK_DIR = Path(__file__).parent
LANGS = ("fr", "nl", "en")
CODES = ("fr", "be-fwb")


class PackError(ValueError):
    pass


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    names: dict[str, str]

    def name(self) -> str:
        return _pick(self.names)


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


def _pick(texts: dict[str, str]) -> str:
    lang = (get_language() or "fr")[:2]
    return texts.get(lang) or texts["fr"]


def _translated(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or any(lang not in value for lang in LANGS):
        raise PackError(f"{where}: needs a text in each of {', '.join(LANGS)}")
    return {lang: str(value[lang]) for lang in LANGS}


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
            EmergencyNumber(str(n["number"]), _translated(n.get("name"), f"{where} {n}"))
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

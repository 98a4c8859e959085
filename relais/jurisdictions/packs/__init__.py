"""Load and validate the jurisdiction packs: one folder per jurisdiction, beside this module.

A pack is a folder named by its code (`fr`, `be-fwb`) holding everything that differs between
jurisdictions: `pack.yaml` (name, authority, school code, emergency numbers), `notices.yaml`
(the notice, reminder and escalation texts, the reminder and escalation delays, the time zone;
read by relais/notices/texts.py), `legal_references.yaml` (the law notices and letters cite,
seed of the table administrators correct; read by relais/documents/legal.py), `letters/`
(one template per kind of letter; rendered by relais/documents/services.py) and `protocols/`
(the school's protocols, one YAML file each; read by relais/protocols/loader.py). Adding a
jurisdiction is adding a folder (docs/jurisdictions.md): the jurisdiction fields' choices
(`jurisdiction_choices`) and the API's enum are read from the packs, not listed in code.
`JURISDICTION_PACKS_DIR` in the settings points elsewhere (tests load a third pack from a
temporary folder). Every pack is validated at start-up (JurisdictionsConfig.ready): an error
names the file and the key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeGuard

import yaml
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

PACK_DIR = Path(__file__).parent
LANGS = ("fr", "nl", "en")
PACK_FILE = "pack.yaml"
LETTERS = "letters"
# The jurisdiction columns' length (schools, documents, directory, notices).
MAX_CODE = 8


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
    # Official services to report sexual images of minors to: (name, url), in the pack's order.
    csam_report: tuple[tuple[str, str], ...] = ()
    # Where the jurisdiction comes in lists (choices, the API's enum, every pack's lines when no
    # school is chosen): lower first; a pack without one comes after, by code.
    order: int = 1000
    # Phones here write dates day first (03/04/2024 is 3 April): a chat export whose dates read
    # both ways is read day first until the family answers (relais/timeline/imports.py).
    day_first: bool = False
    # The age from which a pupil consents alone to a referral to a relay (GDPR art. 8 as the
    # jurisdiction set it: 15 in France, 13 in Belgium); younger, the parents consent
    # (relais/cases/referrals.py).
    consent_age: int = 18
    # The days a relay has to answer a referral before it shows as overdue.
    referral_answer_days: int = 7
    # The key of the protocol a case follows unless told otherwise (`protocol:`; one of the
    # pack's `protocols/*.yaml`, checked by relais/protocols/loader.py); "": its only one.
    protocol: str = ""

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


def packs_dir() -> Path:
    return Path(getattr(settings, "JURISDICTION_PACKS_DIR", PACK_DIR))


def pack_folders(folder: Path | None = None) -> list[Path]:
    """The packs' folders, sorted: every subfolder that holds a pack.yaml."""
    folder = folder or packs_dir()
    return sorted(path.parent for path in folder.glob(f"*/{PACK_FILE}"))


def read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(f"{path}: missing") from None
    except yaml.YAMLError as error:
        raise PackError(f"{path}: not valid YAML ({error})") from None


def load_pack(path: Path) -> Pack:
    data = read_yaml(path)
    where = f"{path.parent.name}/{path.name}"
    if not isinstance(data, dict) or data.get("code") != path.parent.name:
        raise PackError(f"{where}: code must be the folder's name, {path.parent.name!r}")
    if len(data["code"]) > MAX_CODE:
        raise PackError(f"{where}: code must be at most {MAX_CODE} characters")
    order = data.get("order", Pack.order)
    if not isinstance(order, int) or isinstance(order, bool):
        raise PackError(f"{where}: order must be a whole number")
    day_first = data.get("day_first", Pack.day_first)
    if not isinstance(day_first, bool):
        raise PackError(f"{where}: day_first must be true or false")
    consent_age = data.get("consent_age")
    if not _whole(consent_age) or not 0 <= consent_age <= 18:
        raise PackError(f"{where}: consent_age must be an age from 0 to 18")
    answer_days = data.get("referral_answer_days")
    if not _whole(answer_days) or answer_days < 1:
        raise PackError(f"{where}: referral_answer_days must be a whole number of days")
    protocol = data.get("protocol", "")
    if not isinstance(protocol, str):
        raise PackError(f"{where}: protocol must be a protocol's key (its file's name)")
    numbers = data.get("emergency") or []
    if not numbers:
        raise PackError(f"{where}: emergency: at least one number is required")
    return Pack(
        code=data["code"],
        names=_translated(data.get("name"), f"{where}: name"),
        school_code=str(data.get("school_code", "")),
        authority_names=_translated(data.get("authority"), f"{where}: authority"),
        emergency=tuple(
            EmergencyNumber(
                str(n["number"]),
                _translated(n.get("name"), f"{where}: emergency {n.get('number')}"),
                _languages(n.get("languages"), f"{where}: emergency {n.get('number')}"),
            )
            for n in numbers
        ),
        csam_report=_report_lines(data.get("csam_report"), f"{where}: csam_report"),
        order=order,
        day_first=day_first,
        consent_age=consent_age,
        referral_answer_days=answer_days,
        protocol=protocol,
    )


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _report_lines(value: object, where: str) -> tuple[tuple[str, str], ...]:
    lines = value or []
    if not isinstance(lines, list) or not all(
        isinstance(line, dict)
        and line.get("name")
        and str(line.get("url", "")).startswith("https://")
        for line in lines
    ):
        raise PackError(f"{where}: a list of {{name, url}} with https:// addresses")
    return tuple((str(line["name"]), str(line["url"])) for line in lines)


@cache
def _load_all(folder: Path) -> dict[str, Pack]:
    loaded = sorted(
        (load_pack(path / PACK_FILE) for path in pack_folders(folder)),
        key=lambda pack: (pack.order, pack.code),
    )
    if not loaded:
        raise PackError(f"{folder}: no jurisdiction pack (a folder with a {PACK_FILE})")
    return {pack.code: pack for pack in loaded}


def all_packs() -> dict[str, Pack]:
    """Every pack by code, in the packs' order."""
    return _load_all(packs_dir())


def codes() -> list[str]:
    return list(all_packs())


def jurisdiction_choices() -> list[tuple[str, str]]:
    """(code, name) of every pack: the choices of every jurisdiction field. Django calls it each
    time it reads the choices (a callable `choices`, which migrations name rather than copy), so
    that a new pack is a new choice with no code and no migration. The names are read in the
    reader's language when shown."""
    return [(code, lazy(pack.name, str)()) for code, pack in all_packs().items()]


def get_pack(code: str) -> Pack:
    return all_packs()[code]


def letter_file(code: str, kind: str) -> Path:
    """The pack's text of a letter: a template extending documents/letters/_letter.html."""
    return packs_dir() / code / LETTERS / f"{kind}.html"

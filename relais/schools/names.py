"""How school names and places are written for search: folded words, abbreviations, and the
other names of Belgian communes.

The search column holds the folded words of the name, the town (with the other names of a
Belgian commune), the postcode and the official code, separated by single spaces and with a
space at each end, so that " word " is a whole word and " word" the start of one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

import yaml

# Letters NFKD does not take apart.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
NOT_WORD = re.compile(r"[^a-z0-9]+")

# A word typed -> the whole words it may stand for in a name. "ath" stays a word of its own
# too: Ath is a town.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "st": ("saint",),
    "saint": ("st",),
    "ste": ("sainte",),
    "sainte": ("ste",),
    "ath": ("athenee",),
    "athenee": ("ath",),
    "inst": ("institut",),
    "institut": ("inst",),
}


def fold(text: str) -> str:
    """Lower case without accents, for search: "Léon" and "leon" match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """ "Institut St-Henri (Dottignies)" -> ["institut", "st", "henri", "dottignies"]."""
    return NOT_WORD.sub(" ", fold(text.translate(LIGATURES))).split()


@cache
def commune_names() -> dict[str, tuple[str, ...]]:
    """Folded French name of a commune -> its other names, folded ("mouscron" -> "moeskroen")."""
    source = resources.files("relais.schools").joinpath("data/be-communes.yaml")
    table = yaml.safe_load(source.read_text(encoding="utf-8"))
    names: dict[str, tuple[str, ...]] = {}
    for commune, languages in table.items():
        others = {" ".join(words(other)) for names in languages.values() for other in names} - {
            " ".join(words(commune))
        }
        names[" ".join(words(commune))] = tuple(sorted(others))
    return names


LONGEST_COMMUNE = 4  # words: "Berchem Sainte Agathe", "Saint Josse ten Noode"


def other_names(city: str) -> list[str]:
    """The other names of the commune a Belgian school's town names: "Dottignies (Mouscron)"
    and "Mouscron" both give ["moeskroen"]."""
    table = commune_names()
    found = words(city)
    return [
        other
        for start in range(len(found))
        for end in range(start + 1, min(start + LONGEST_COMMUNE, len(found)) + 1)
        for other in table.get(" ".join(found[start:end]), ())
    ]


def search_text(*, name: str, city: str, postcode: str, code: str, jurisdiction: str) -> str:
    parts = [*words(name), *words(city)]
    if jurisdiction == "be-fwb":
        parts += other_names(city)
    parts += [*words(postcode), *words(code)]
    return f" {' '.join(parts)} "

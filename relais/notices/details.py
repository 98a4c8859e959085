"""Details in a text bound for a school that could tell it who the victim is.

A school class ("5e B", "1re S", "CM2 A", or the class the alert gives, whatever its form)
narrows the pupils down to a handful: it blocks sending like a name (``classes``). A grade
("en sixième"), a time ("mardi à 10 h 15") or a place ("les vestiaires") narrows less and a
notice sometimes needs them: they are warnings the case worker weighs (``warnings``).
"""

from __future__ import annotations

import re

from relais.notices.redaction import Finding, Warning, folded_with_places
from relais.schools.models import fold

# A class: a grade and its section. The section is a capital letter (or a number after a
# grade's word), so that "la première a eu lieu" or "le 1er avril" are not classes.
_CLASS_RES = (
    re.compile(r"\b\d{1,2}\s?(?:re|ère|er|e|è|ème|eme|de|nde|d)\s?[A-Z]\b"),
    re.compile(r"\b(?:CP|CE1|CE2|CM1|CM2|[PS][1-6]|[1-6][PS])\s?[A-Z]\b"),
    re.compile(
        r"\b(?i:sixi[eè]me|cinqui[eè]me|quatri[eè]me|troisi[eè]me|seconde|premi[eè]re|"
        r"terminale)\s+(?:[A-Z]|\d{1,2})\b"
    ),
)
_GRADE_RES = (
    re.compile(r"\b(?:classe|section|option)\s+(?:de|des|du|d\u2019|d')?\s*\w+", re.IGNORECASE),
    re.compile(r"\b[1-6]\s?(?:e|è|ème|eme|re|ère)?\s?(?:primaire|secondaire|ann[ée]e)\b", re.I),
    re.compile(r"\b(?:CP|CE1|CE2|CM1|CM2|[PS][1-6]|[1-6][PS])\b"),
    re.compile(
        r"\b(?:sixi[eè]me|cinqui[eè]me|quatri[eè]me|troisi[eè]me|seconde|premi[eè]re|"
        r"terminale)\b",
        re.IGNORECASE,
    ),
)
_TIME_RES = (
    re.compile(r"\b\d{1,2}\s?[hH]\s?\d{0,2}\b"),
    re.compile(r"\b\d{1,2}:\d{2}\b"),
    re.compile(r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?\b", re.IGNORECASE),
    re.compile(
        r"\b(?:r[ée]cr[ée]ation|r[ée]cr[ée]|pause de midi|temps de midi|midi|"
        r"interclasse|sortie des cours|heure de \w+|cours de \w+)\b",
        re.IGNORECASE,
    ),
)
_PLACE_RES = (
    re.compile(
        r"\b(?:vestiaires?|cour|toilettes|wc|bus|car scolaire|cantine|r[ée]fectoire|"
        r"couloirs?|gymnase|salle de sport|salle \w+|pr[ée]au|parking|internat|"
        r"arr[eê]t de bus|biblioth[eè]que|cdi|escaliers?|piscine|self)\b",
        re.IGNORECASE,
    ),
)


def _grade_pattern(grade: str) -> re.Pattern[str] | None:
    """The alert's class as typed, in any spacing: "5eB", "5e B" and "5 e-B" are one class."""
    parts = [part for part in re.findall(r"[^\W_]", fold(grade))]
    if len(parts) < 2:
        return None
    return re.compile(r"(?<![\w@])" + r"[\s.\-]*".join(map(re.escape, parts)) + r"(?!\w)")


def _class_spans(text: str, class_grade: str) -> list[tuple[int, int]]:
    spans = [m.span() for pattern in _CLASS_RES for m in pattern.finditer(text)]
    pattern = _grade_pattern(class_grade)
    if pattern is not None:
        folded, places = folded_with_places(text)
        spans += [
            (places[m.start()], places[m.end() - 1] + 1)
            for m in pattern.finditer(folded)
            if m.end() > m.start()
        ]
    return sorted(spans)


def classes(text: str, *, class_grade: str = "") -> list[Finding]:
    """Each school class the text names, and the alert's own class (``class_grade``) in any
    spacing: findings of the kind "class", which block sending as a name does."""
    found: dict[str, Finding] = {}
    for start, end in _class_spans(text, class_grade):
        mention = text[start:end]
        found.setdefault(fold(re.sub(r"\s+", " ", mention)), Finding("class", mention))
    return list(found.values())


def warnings(text: str, *, class_grade: str = "") -> list[Warning]:
    """Details in the text that could let the school guess who the victim is, except what
    blocks already (a class, the alert's class)."""
    blocked = _class_spans(text, class_grade)
    found: dict[tuple[str, str], Warning] = {}
    for kind, patterns in (("class", _GRADE_RES), ("time", _TIME_RES), ("place", _PLACE_RES)):
        for pattern in patterns:
            for m in pattern.finditer(text):
                if any(m.start() < end and start < m.end() for start, end in blocked):
                    continue
                found.setdefault((kind, fold(m.group())), Warning(kind, m.group()))
    return list(found.values())

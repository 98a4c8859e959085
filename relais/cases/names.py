"""The one check that keeps a case's real names out of what others read (issue 12: "a real name
only in a field that the direction alone reads").

The direction writes a person's real name in ``CasePerson.real_name``; every other text of the
case is read by someone who must not learn it: the educators (steps, summary, notes), the
association (its notes), a relay (a referral's request, the school's reason to withdraw it). Each
of those texts passes through ``refuse_real_names`` before it is stored.

Words are compared folded, as the schools' search folds them (relais.schools.names.words: case,
accents, ligatures, any run of spaces or punctuation, a no-break space included), and whole:
"Lucas" does not match "Lucasse". Which word of "Lucas Dupont" is the surname is unknown (schools
write "DUPONT Lucas" as often), so every word of the real name counts alike. A text names the
person when it holds:

- every word of the real name side by side, in any order ("Dupont Lucas", "lucas  dupont");
- a word of it beside the initial of another ("Lucas D.", "L. Dupont", "Dupont L.");
- a word of it of three letters or more on its own ("Lucas", "DUPONT"): in a school a first name
  alone is a name. Not counted alone: the particles of a name ("van", "der") and the words the
  redaction check knows are not names (relais/notices/not_names.py: "mars", "classe",
  "toussaint"...); they still count within the whole name or beside an initial.

A word that is both a name and an ordinary word ("Petit", "Rose") is refused in the text too: the
writer puts it another way. A false alarm costs a rewording; a leaked name can cost a child.

The refusal tells the direction which word and which pseudonym; it tells anyone else only that a
name of the case is in the text, never which pseudonym it belongs to: "write Élève A" to a case
worker who typed "Lucas" would tell them who Élève A is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _

from relais.cases.access import may_read_names
from relais.cases.errors import CaseError
from relais.cases.models import Case, CasePerson
from relais.notices.not_names import NOT_NAMES
from relais.schools.names import words

# A word of a real name this long or longer names the person on its own.
ALONE = 3
# Parts of a name that are ordinary words in French or Dutch ("le van", "der").
PARTICLES = frozenset(
    {"van", "von", "der", "den", "ter", "ten", "het", "del", "della", "dos", "das"}
    | {"ben", "bin", "ibn"}
)
_WRITTEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Named:
    """A person of the case whose real name is in a text."""

    label: str  # the pseudonym to write instead ("Élève A")
    words: tuple[str, ...]  # the words of the real name found, as the real name writes them


def _name_words(real_name: str) -> list[tuple[str, str]]:
    """(folded, as written) for each word of a real name."""
    return [(folded, part) for part in _WRITTEN.findall(real_name) for folded in words(part)]


def _found(text: list[str], name: list[str]) -> set[str]:
    """The folded words of ``name`` that make ``text`` (folded words) name the person."""
    found: set[str] = set()
    present = set(text)
    for word in set(name):
        if word in present and len(word) >= ALONE and word not in PARTICLES | NOT_NAMES:
            found.add(word)
    size = len(name)
    wanted = sorted(name)
    for start in range(len(text) - size + 1):
        if sorted(text[start : start + size]) == wanted:
            found.update(name)
    for first, second in pairwise(text):
        for word, initial in ((first, second), (second, first)):
            if len(initial) != 1 or word not in name:
                continue
            if any(other != word and other[0] == initial for other in name):
                found.add(word)
    return found


def people_named_in(text: str, people: Iterable[tuple[str, str]]) -> list[Named]:
    """The people, given as (pseudonym, real name), whose real name ``text`` holds."""
    folded = words(text or "")
    named = []
    for label, real_name in people:
        parts = _name_words(real_name)
        if all(len(word) < 2 for word, _written in parts):
            continue  # no name, or initials only: "A" would match the pseudonym "Élève A"
        found = _found(folded, [word for word, _written in parts])
        if found:
            shown = tuple(dict.fromkeys(written for word, written in parts if word in found))
            named.append(Named(label=label, words=shown))
    return named


def real_names_in(case: Case, *texts: str) -> list[Named]:
    """The people of ``case`` whose real name one of ``texts`` holds (one query)."""
    if not any(texts):
        return []
    people = list(
        CasePerson.objects.filter(case=case)
        .exclude(real_name="")
        .order_by("created_at")
        .values_list("label", "real_name")
    )
    found: dict[str, tuple[str, ...]] = {}
    for text in texts:
        for named in people_named_in(text, people):
            found[named.label] = tuple(dict.fromkeys((*found.get(named.label, ()), *named.words)))
    # In the case's order, each person once with every word of their name that was found.
    return [Named(label=label, words=found[label]) for label, _name in people if label in found]


def refuse_real_names(case: Case, *texts: str, by: Any) -> None:
    """CaseError when one of ``texts`` holds a real name of the case. The message names the
    words and the pseudonym to the direction only (module docstring)."""
    named = real_names_in(case, *texts)
    if not named:
        return
    lead = _(
        "This text contains the real name of a person of the case, and only the direction "
        "reads real names."
    )
    if not may_read_names(by, case):
        advice = _(
            "Write the person's pseudonym (“Élève A”, “Élève B”…) instead of their name; an "
            "ordinary word that is also their name must be put another way."
        )
        raise CaseError(f"{lead} {advice}")
    advice = " ".join(
        _("“%(words)s”: write “%(label)s” instead of their name.")
        % {"words": " ".join(person.words), "label": person.label}
        for person in named
    )
    raise CaseError(f"{lead} {advice}")

"""Finding a school from what a reporter types: the one search behind the alert form's picker
and GET /api/v1/schools.

Every word typed must appear in the school's search column (relais.schools.names), as written
or as what it abbreviates ("st" for "saint"). The schools found are ranked by how well each word
matches: the word itself as a whole word of the name or town first, then a word it abbreviates or
spells out, then the start of a word, then anywhere inside one; words typed together that follow
each other in the name count more; ties in name order, accents and case ignored.

One query on one column filled at write time: no per-row work but a few substring tests, so that it
stays fast on a whole country's directory (bench/schools.py gives the figures).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from itertools import pairwise
from operator import add, or_

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from relais.schools.models import School
from relais.schools.names import ABBREVIATIONS, words

MAX_RESULTS = 20
MAX_QUERY = 100  # longer searches are cut, not refused: no school name needs more
MAX_WORDS = 6
MIN_LETTERS = 2
# Control characters (NUL is refused by PostgreSQL), lone surrogates (not encodable) and the
# replacement character separate words like a space.
INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffd]")

WHOLE_WORD, OTHER_FORM, WORD_START, INSIDE = 8, 4, 2, 1


@dataclass(frozen=True)
class Found:
    schools: list[School]
    more: bool  # more schools match than are listed: the reporter should add a word


def clean_query(raw: str) -> str:
    """What was typed, cut to MAX_QUERY and without invisible characters: safe to show again."""
    return INVISIBLE.sub(" ", raw[:MAX_QUERY]).strip()


def query_words(raw: str) -> list[str]:
    return words(clean_query(raw))[:MAX_WORDS]


def _score(word: str) -> Case:
    whens = [When(search_text__contains=f" {word} ", then=Value(WHOLE_WORD))]
    whens += [
        When(search_text__contains=f" {other} ", then=Value(OTHER_FORM))
        for other in ABBREVIATIONS.get(word, ())
    ]
    whens.append(When(search_text__contains=f" {word}", then=Value(WORD_START)))
    return Case(*whens, default=Value(INSIDE), output_field=IntegerField())


def _together(first: str, second: str) -> Case:
    """Two words typed one after the other that follow each other in the name or town ("st
    henri" in "Saint-Henri") outrank the same words apart ("Henri Frick, Saint-Josse")."""
    pairs = [
        f" {a} {b}"
        for a in (first, *ABBREVIATIONS.get(first, ()))
        for b in (second, *ABBREVIATIONS.get(second, ()))
    ]
    condition = reduce(or_, (Q(search_text__contains=pair) for pair in pairs))
    return Case(
        When(condition, then=Value(WORD_START)), default=Value(0), output_field=IntegerField()
    )


def _matches(word: str) -> Q:
    others = [Q(search_text__contains=f" {other} ") for other in ABBREVIATIONS.get(word, ())]
    return reduce(or_, others, Q(search_text__contains=word))


def ranked(found_words: list[str]) -> QuerySet[School]:
    schools = School.objects.filter(is_open=True)
    for word in found_words:
        schools = schools.filter(_matches(word))
    scores = [_score(word) for word in found_words]
    scores += [_together(a, b) for a, b in pairwise(found_words)]
    score = reduce(add, scores)
    # search_text begins with the folded name: name order, whatever the case and accents.
    return schools.annotate(relevance=score).order_by("-relevance", "search_text", "id")


def search_schools(query: str, *, limit: int = MAX_RESULTS) -> Found | None:
    """The open schools best matching `query`, at most `limit`; None when nothing usable was
    typed (fewer than two letters or digits)."""
    found_words = query_words(query)
    if sum(map(len, found_words)) < MIN_LETTERS:
        return None
    schools = list(ranked(found_words)[: limit + 1])
    return Found(schools=schools[:limit], more=len(schools) > limit)

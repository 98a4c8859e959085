"""What a protocol is once read: the school's procedure, step by step, as data.

A protocol file (YAML) lives in its jurisdiction's pack, `packs/<code>/protocols/<key>.yaml`, and is
read and validated by relais/protocols/loader.py (docs/protocols.md spells the format). Cases
(relais/cases) hold their steps by key: a step's words can be corrected in the file without
touching a case; a key, once used by a case, never changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils.translation import get_language

LANGS = ("fr", "nl", "en")

# Who records a step in Relais. A relay (PMS, mediation, police) answers a referral instead.
ROLES = ("direction", "educator", "association")
# What a step records: a tick, a date, a short text, the points of a checklist (any number
# ticked), or one answer among its options (a choice: pHARe's review, "no result" or not).
RECORDS = ("checkbox", "date", "text", "checklist", "choice")
# What a case is known to be, set when it is opened and changed as it becomes known; a step's
# `when` names the values for which it applies (victim_known false: an anonymous notice only,
# class-level measures only).
CONDITIONS = ("victim_known", "minor", "danger", "intimate_images")
# The kinds of service a step may suggest referring to (relais.directory.models.Service.Kind).
RELAY_KINDS = ("pms", "mediation", "psychological", "youth", "police", "equality", "helpline")


def pick(words: dict[str, str]) -> str:
    """The words in the reader's language; French, the first language, otherwise."""
    language = (get_language() or "fr")[:2]
    return words.get(language) or words["fr"]


@dataclass(frozen=True)
class Option:
    """One point of a checklist (record: checklist) or one answer of a choice (record: choice)."""

    key: str
    title: dict[str, str]
    # Ticking this point, or choosing this answer, moves the case to that track (pHARe's 15-day
    # review: "no result", the disciplinary track); "": no move. See Step.switch_to.
    switch_track: str = ""

    def label(self) -> str:
        return pick(self.title)


@dataclass(frozen=True)
class Step:
    key: str
    title: dict[str, str]
    role: str
    record: str
    # Due `delay` after the case was opened (after == "opening") or after the step named
    # `after` was recorded; None: no deadline.
    after: str = "opening"
    delay: timedelta | None = None
    # What the step means, for whoever records it (optional).
    help: dict[str, str] = field(default_factory=dict)
    checklist: tuple[Option, ...] = ()
    # A choice's answers (record: choice): exactly one is recorded.
    options: tuple[Option, ...] = ()
    # Shown to the family once recorded, in these words; empty: never shown.
    family: dict[str, str] = field(default_factory=dict)
    # The case's conditions this step needs (CONDITIONS); empty: always.
    when: dict[str, bool] = field(default_factory=dict)
    # The track this step belongs to (Protocol.tracks); "": every track.
    track: str = ""
    # Recording this step moves the case to that track (pHARe: no result in 15 days, the
    # disciplinary track).
    switch_track: str = ""
    # A kind of relay this step suggests referring the case to.
    relay: str = ""
    # Past its due date by this much, an open step proposes escalation; None: the protocol's.
    escalate_after: timedelta | None = None
    # The line of the step in its file, for messages.
    line: int = 0

    def label(self) -> str:
        return pick(self.title)

    def family_words(self) -> str:
        return pick(self.family) if self.family else ""

    def switch_to(self, value: Mapping[str, Any]) -> str:
        """The track the case moves to once this step is recorded with `value` (the CaseStep's
        value): the step's own switch_track, else that of a ticked checklist point or of the
        answer chosen; "": none."""
        if self.switch_track:
            return self.switch_track
        ticked = set(value.get("checklist") or ())
        if isinstance(value.get("choice"), str):
            ticked.add(value["choice"])
        answers = (*self.checklist, *self.options)
        return next((o.switch_track for o in answers if o.key in ticked and o.switch_track), "")

    def applies(self, conditions: dict[str, bool], track: str) -> bool:
        if self.track and self.track != track:
            return False
        return all(conditions.get(name, False) == value for name, value in self.when.items())


@dataclass(frozen=True)
class Track:
    key: str
    title: dict[str, str]

    def label(self) -> str:
        return pick(self.title)


@dataclass(frozen=True)
class Protocol:
    key: str
    jurisdiction: str
    title: dict[str, str]
    # Where it comes from (a seed, a circular, a school's published procedure).
    source: str
    steps: tuple[Step, ...]
    # The first is where a case starts; empty: one track.
    tracks: tuple[Track, ...] = ()
    # An open step this long past its due date proposes escalation (to the pouvoir organisateur
    # or the académie); a step may say otherwise.
    escalate_after: timedelta = timedelta(days=7)
    # The points of the meeting with the parents, when the protocol has one, are a step's
    # checklist; this names that step (the parents' leaflet is handed from it).
    parents_step: str = ""

    def label(self) -> str:
        return pick(self.title)

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    def first_track(self) -> str:
        return self.tracks[0].key if self.tracks else ""

    def escalation_delay(self, step: Step) -> timedelta:
        return step.escalate_after if step.escalate_after is not None else self.escalate_after

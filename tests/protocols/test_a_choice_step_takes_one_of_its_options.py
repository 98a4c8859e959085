"""A step with `record: choice` records exactly one of its `options` (pHARe's review: the
method worked, helped or showed no result, and "no result" switches track). The loader refuses
a choice without options, with one option only, options on another kind of step and an answer
switching to an unknown track, each on its line, one message per mistake."""

from __future__ import annotations

import pytest

from relais.protocols.loader import ProtocolError, parse
from tests.protocols.broken import SECOND, TRACKS, W, expected_line, protocol, step

pytestmark = pytest.mark.engine_neutral("sqlite")


def choice(*options: str, marker: str = "", record: str = "choice", name: str = "options") -> str:
    lines = ["track: first", f"{name}:{marker}"] + [f"  - {o}" for o in options]
    return step("review", *lines, record=record)


FINE = f"{{key: fine, title: {W}}}"
BAD = f"{{key: bad, title: {W}, switch_track: second}}"

CASES: dict[str, tuple[str, str]] = {
    "no options": (
        protocol(step("review  #<", "track: first", record="choice"), SECOND, tracks=TRACKS),
        "step 'review': record: choice needs its options: a list of {key, title}",
    ),
    "one option": (
        protocol(choice(BAD, marker="  #<"), SECOND, tracks=TRACKS),
        "step 'review': give two options or more: one option is no choice",
    ),
    "options on a checkbox": (
        protocol(choice(FINE, BAD, marker="  #<", record="checkbox"), SECOND, tracks=TRACKS),
        "step 'review': options are given, but record is 'checkbox'",
    ),
    "a checklist on a choice": (
        protocol(choice(FINE, BAD, marker="  #<", name="checklist"), SECOND, tracks=TRACKS),
        "step 'review': a checklist is given, but record is 'choice'",
    ),
    "an answer switching to an unknown track": (
        protocol(
            choice(FINE, BAD, f"{{key: worse, title: {W}, switch_track: secnd}}  #<"),
            SECOND,
            tracks=TRACKS,
        ),
        "step 'review': options 'worse': unknown track 'secnd' (did you mean 'second'?)",
    ),
    "an answer given twice": (
        protocol(choice(FINE, BAD, f"{{key: fine, title: {W}}}  #<"), SECOND, tracks=TRACKS),
        "step 'review': options: 'fine' is given twice",
    ),
    "an answer without a title": (
        protocol(choice(FINE, BAD, "{key: worse}  #<"), SECOND, tracks=TRACKS),
        "step 'review': options: 'title' is missing",
    ),
}


def errors_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(ProtocolError) as refused:
        parse(text, key="test", where="test.yaml")
    return refused.value.errors


@pytest.mark.parametrize("name", list(CASES))
def test_a_bad_choice_is_refused_on_its_line(name):
    text, message = CASES[name]
    errors = errors_of(text)
    assert [line for line, found in errors if message in found] == [expected_line(text)], errors


def test_a_choice_reads_its_options_and_the_track_its_answer_switches_to():
    read = parse(protocol(choice(FINE, BAD), SECOND, tracks=TRACKS), key="test")
    review = read.step("review")
    assert review.record == "choice" and review.checklist == ()
    assert [(o.key, o.switch_track) for o in review.options] == [("fine", ""), ("bad", "second")]
    assert review.switch_to({"choice": "bad"}) == "second"
    assert review.switch_to({"choice": "fine"}) == ""
    # A track entered only through a choice's answer is a track something switches to.
    assert [t.key for t in read.tracks] == ["first", "second"]

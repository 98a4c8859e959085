"""A protocol file with a mistake is refused, every mistake with its line (issue 12, point 3)."""

from __future__ import annotations

import pytest

from relais.protocols.loader import ProtocolError, parse
from tests.protocols.broken import (
    CASES,
    HEAD,
    REVIEW,
    SECOND,
    TRACKS,
    expected_line,
    protocol,
    step,
)

pytestmark = pytest.mark.engine_neutral("sqlite")


def errors_of(text: str) -> list[tuple[int, str]]:
    with pytest.raises(ProtocolError) as refused:
        parse(text, key="test", where="test.yaml")
    return refused.value.errors


@pytest.mark.parametrize("name", list(CASES))
def test_each_kind_of_mistake_is_refused_on_its_line(name):
    text, message = CASES[name]
    errors = errors_of(text)
    assert [line for line, found in errors if message in found] == [expected_line(text)], errors
    # One mistake, one message: no cascade of errors that follow from the first.
    assert len(errors) == 1, errors


def test_the_base_of_the_broken_files_is_itself_valid():
    # Otherwise a case could pass on an error that is not the one it shows.
    assert parse(protocol(step("hear", "delay: 48h")), key="test").steps[0].key == "hear"
    two_tracks = parse(protocol(REVIEW, SECOND, tracks=TRACKS), key="test")
    assert [track.key for track in two_tracks.tracks] == ["first", "second"]


def test_every_mistake_of_a_file_is_reported_not_only_the_first():
    text = protocol(
        step("hear", "delay: 2 days"),
        step("meet", "after: nobody", "delay: 1d", role="teacher"),
        step("call", "relay: cpms"),
    )
    lines = [line for line, _ in errors_of(text)]
    assert lines == [8, 11, 13, 19]


def test_the_message_says_file_and_line():
    with pytest.raises(ProtocolError) as refused:
        parse(protocol(step("hear", role="teacher")), key="test", where="be-fwb/protocols/x.yaml")
    assert str(refused.value) == (
        "be-fwb/protocols/x.yaml: line 6: step 'hear': unknown role 'teacher' "
        "(known: direction, educator, association)"
    )


def test_an_empty_file_is_refused():
    assert errors_of("") == [(1, "the file is empty")]
    assert errors_of("# nothing but a comment\n") == [(1, "the file is empty")]


def test_a_file_name_that_is_no_key_is_refused(tmp_path):
    with pytest.raises(ProtocolError) as refused:
        parse(protocol(step("hear")), key="Mon protocole")
    assert refused.value.errors[0][0] == 1
    assert "is not a protocol key" in refused.value.errors[0][1]


def test_a_mapping_key_given_twice_is_refused_not_silently_replaced():
    # yaml.safe_load would keep the second `source` and say nothing.
    text = HEAD + 'source: "again"\n' + "steps:\n" + step("hear")
    assert errors_of(text) == [(3, "'source' is given twice (first at line 2)")]

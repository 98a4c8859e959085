"""Every chat-miner sample parses to its target.json (chat-miner's conventions, see below)."""

import json
from datetime import UTC
from pathlib import Path

import pytest

from relais.chatexports import ChatEvent, parse_export

SAMPLES = Path(__file__).parents[1] / "data" / "exports" / "chatminer_fixtures" / "test"
CASES = [
    (folder.name, export)
    for folder in sorted(SAMPLES.iterdir())
    for export in sorted(folder.iterdir())
    if export.name.startswith("test_")
]


def as_target(event: ChatEvent) -> dict[str, str]:
    """chat-miner keeps authored messages, joins lines with a space, writes UTC or wall time."""
    assert event.occurred_at is not None
    when = event.occurred_at
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return {
        "timestamp": when.isoformat(),
        "author": str(event.author),
        "message": " ".join(event.text.split("\n")),
    }


def test_every_platform_folder_has_samples():
    assert {platform for platform, _ in CASES} == {"whatsapp", "signal", "telegram", "instagram"}
    assert len(CASES) == 9


@pytest.mark.parametrize(("platform", "export"), CASES, ids=[e.name for _, e in CASES])
def test_each_sample_parses_to_its_target(platform, export):
    target = json.loads((export.parent / "target.json").read_text(encoding="utf-8"))

    result = parse_export(export, tz=None)

    assert result.platform == platform
    assert result.problems == []
    got = [as_target(e) for e in result.events if e.author is not None]
    key = lambda row: (row["timestamp"], row["author"])  # noqa: E731
    assert sorted(got, key=key) == sorted(target, key=key)


def test_lines_without_an_author_become_system_events():
    result = parse_export(SAMPLES / "whatsapp" / "test_ddmmyy_24hrs.txt", tz=None)

    system = [e.text for e in result.events if e.kind == "system"]

    assert system == ["John Doe:.", '+12 345 578 created group "Groupname"', "You were added"]

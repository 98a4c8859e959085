"""Read a protocol file into a Protocol, refusing every mistake with its line (docs/protocols.md).

`load_file(path)` reads one file and raises ProtocolError listing every error found, not only the
first; `all_protocols()` reads every pack's `protocols/*.yaml` once (start-up validates them all,
relais/jurisdictions/checks.py); `default_protocol(jurisdiction)` is the one its pack names in
pack.yaml (`protocol: key`), or its only one.
"""

from __future__ import annotations

from datetime import timedelta
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from yaml.nodes import Node

from relais.jurisdictions.packs import all_packs, packs_dir
from relais.protocols import reading
from relais.protocols.model import Protocol, Track
from relais.protocols.reading import Errors, hint
from relais.protocols.steps import Draft, check_steps, read_steps

FOLDER = "protocols"
# Case.protocol's and Case.track's lengths.
MAX_PROTOCOL_KEY = 64
MAX_TRACK_KEY = 32
TOP_KEYS = ("title", "source", "escalate_after", "parents_step", "tracks", "steps")
TRACK_KEYS = ("key", "title")


class ProtocolError(ValueError):
    """A protocol file that cannot be used: `errors` holds (line, message), sorted by line; line
    0 when the error has no line (an unreadable file, a pack's default). The messages are in the
    language active when the file was read (relais/protocols/reading.py)."""

    def __init__(self, where: str, errors: list[tuple[int, str]]) -> None:
        self.where = where
        self.errors = sorted(errors)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [
            _("%(where)s: line %(line)d: %(message)s")
            % {"where": self.where, "line": line, "message": message}
            if line
            else f"{self.where}: {message}"
            for line, message in self.errors
        ]


def load_file(path: Path | str) -> Protocol:
    """The protocol in `path`: its key is the file's name, its jurisdiction the pack's folder
    (`<code>/protocols/<key>.yaml`; "" for a file outside a pack)."""
    path = Path(path)
    where = _where(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        message = _("cannot be read (%(error)s)") % {"error": error}
        raise ProtocolError(where, [(0, message)]) from None
    jurisdiction = path.parent.parent.name if path.parent.name == FOLDER else ""
    return parse(source, key=path.stem, jurisdiction=jurisdiction, where=where)


def _where(path: Path) -> str:
    """`be-fwb/protocols/mouscron.yaml` for a pack's file, the path as given otherwise."""
    return str(Path(*path.parts[-3:])) if path.parent.name == FOLDER else str(path)


def parse(source: str, *, key: str, jurisdiction: str = "", where: str = "<text>") -> Protocol:
    """The protocol written in `source`, or ProtocolError with every error found."""
    try:
        root = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        message = _("not valid YAML: %(problem)s") % {"problem": error.problem}
        raise ProtocolError(where, [(line, message)]) from None
    except yaml.YAMLError as error:
        message = _("not valid YAML: %(problem)s") % {"problem": error}
        raise ProtocolError(where, [(0, message)]) from None
    if root is None:
        raise ProtocolError(where, [(1, _("the file is empty"))])
    errors = Errors()
    if not reading.KEY.fullmatch(key.replace("-", "_")) or len(key) > MAX_PROTOCOL_KEY:
        message = _("the file's name '%(key)s' is not a protocol key (a-z, 0-9, - and _)")
        errors.add(1, "", message % {"key": key})
    protocol = _protocol(root, key, jurisdiction, errors)
    if errors or protocol is None:
        raise ProtocolError(where, errors.items)
    return protocol


def _protocol(root: Node, key: str, jurisdiction: str, errors: Errors) -> Protocol | None:
    top = reading.fields(root, "", errors, TOP_KEYS, ("title", "source", "steps"))
    if top is None:
        return None
    title = reading.words(top["title"], "title", errors) if "title" in top else None
    source = reading.text(top["source"], "source", errors) if "source" in top else None
    escalate: timedelta | None = Protocol.escalate_after
    if "escalate_after" in top:
        escalate = reading.delay(top["escalate_after"], "escalate_after", errors)
    tracks = _tracks(top["tracks"], errors) if "tracks" in top else {}
    drafts = read_steps(top["steps"], errors) if "steps" in top else []
    check_steps(drafts, {track.key: node for track, node in tracks.values()}, errors)
    parents = _parents_step(top["parents_step"], drafts, errors) if "parents_step" in top else ""
    if errors or title is None or source is None or escalate is None or parents is None:
        return None
    return Protocol(
        key=key,
        jurisdiction=jurisdiction,
        title=title,
        source=source,
        steps=tuple(draft.step() for draft in drafts),
        tracks=tuple(track for track, _node in tracks.values()),
        escalate_after=escalate,
        parents_step=parents,
    )


def _tracks(node: Node, errors: Errors) -> dict[str, tuple[Track, Node]]:
    """The tracks by key, in the file's order (the first is where a case starts)."""
    tracks: dict[str, tuple[Track, Node]] = {}
    given = reading.items(node, "tracks", errors) or []
    for item in given:
        found = reading.fields(item, "tracks", errors, TRACK_KEYS, TRACK_KEYS)
        if not found or "key" not in found or "title" not in found:
            continue
        key = reading.key(found["key"], "tracks", errors, longest=MAX_TRACK_KEY)
        where = _("track '%(key)s'") % {"key": key}
        title = reading.words(found["title"], f"{where}: title", errors)
        if key in tracks:
            errors.add(found["key"], "tracks", _("'%(name)s' is given twice") % {"name": key})
        elif key:
            # Known even when its title is wrong: its steps are not told the track is unknown.
            tracks[key] = (Track(key=key, title=title or {}), found["key"])
    if len(given) == 1:
        message = _("give two tracks or more, or none: one track is no choice")
        errors.add(node, "tracks", message)
    return tracks


def _parents_step(node: Node, drafts: list[Draft], errors: Errors) -> str | None:
    """The meeting with the parents: a checklist step, whose points are the meeting's."""
    name = reading.text(node, "parents_step", errors)
    steps = {d.values["key"]: d for d in drafts if "key" in d.values}
    if name is None:
        return None
    if name not in steps:
        message = _("'%(name)s' names no step%(hint)s")
        errors.add(node, "parents_step", message % {"name": name, "hint": hint(name, list(steps))})
        return None
    if steps[name].values.get("record") != "checklist":
        message = _("'%(name)s' is not a checklist step (record: checklist)") % {"name": name}
        errors.add(node, "parents_step", message)
        return None
    return name


def protocol_files(folder: Path | None = None) -> list[Path]:
    """Every pack's protocol files, by pack then name."""
    return sorted((folder or packs_dir()).glob(f"*/{FOLDER}/*.yaml"))


@cache
def _load_all(folder: Path) -> dict[str, Protocol]:
    protocols: dict[str, Protocol] = {}
    for path in protocol_files(folder):
        protocol = load_file(path)
        if protocol.key in protocols:
            taken = f"{protocols[protocol.key].jurisdiction}/{FOLDER}/{protocol.key}.yaml"
            message = _("the key '%(key)s' (the file's name) is taken by %(taken)s") % {
                "key": protocol.key,
                "taken": taken,
            }
            raise ProtocolError(_where(path), [(0, message)])
        protocols[protocol.key] = protocol
    _check_defaults(protocols)
    return protocols


def _check_defaults(protocols: dict[str, Protocol]) -> None:
    """A pack's `protocol:` names one of its own; a pack with several must name one."""
    for code, pack in all_packs().items():
        own = [p.key for p in protocols.values() if p.jurisdiction == code]
        message = ""
        if pack.protocol and pack.protocol not in own:
            listed = reading.known(own) or pgettext("a pack's protocols", "none")
            message = _("protocol: '%(key)s' is not one of the pack's (%(listed)s)") % {
                "key": pack.protocol,
                "listed": listed,
            }
        elif len(own) > 1 and not pack.protocol:
            message = _("protocol: name the default among the pack's (%(listed)s)") % {
                "listed": reading.known(own)
            }
        if message:
            raise ProtocolError(f"{code}/pack.yaml", [(0, message)])


def all_protocols() -> dict[str, Protocol]:
    """Every pack's protocols by key, read once per packs' folder."""
    return _load_all(packs_dir())


def get_protocol(key: str) -> Protocol:
    """The protocol of that key, in any pack; KeyError if there is none."""
    return all_protocols()[key]


def protocols_for(jurisdiction: str) -> list[Protocol]:
    """The jurisdiction's protocols, its default first, then by key."""
    default = all_packs()[jurisdiction].protocol
    own = [p for p in all_protocols().values() if p.jurisdiction == jurisdiction]
    return sorted(own, key=lambda p: (p.key != default, p.key))


def default_protocol(jurisdiction: str) -> Protocol:
    """What a case at a school of this jurisdiction follows unless told otherwise: the protocol
    its pack names (`protocol:` in pack.yaml), or its only one. KeyError when it has none."""
    own = protocols_for(jurisdiction)
    if not own:
        raise KeyError(jurisdiction)
    return own[0]

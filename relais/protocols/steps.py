"""A protocol file's steps: each one read with its lines, then checked against the others.

What one step can get wrong (an unknown role, a delay without a unit) is found while reading it;
what only the whole list shows (an `after` that names no step, a deadline cycle, a branch that can
never be due, a track nobody enters) by `check_steps`. Every error goes to the shared `Errors`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from yaml.nodes import MappingNode, Node, ScalarNode

from relais.protocols import reading
from relais.protocols.model import CONDITIONS, RECORDS, RELAY_KINDS, ROLES, Option, Step
from relais.protocols.reading import Errors, hint, line_of

# `after: opening`: due from the case's opening (the default).
OPENING = "opening"
# CaseStep.key's length.
MAX_STEP_KEY = 64
STEP_KEYS = (
    "key",
    "title",
    "role",
    "record",
    "after",
    "delay",
    "escalate_after",
    "help",
    "checklist",
    "options",
    "family",
    "when",
    "track",
    "switch_track",
    "relay",
)
REQUIRED = ("key", "title", "role", "record")
OPTION_KEYS = ("key", "title", "switch_track")


@dataclass
class Draft:
    """A step as read: its values that were valid, and the nodes the messages point at."""

    node: Node
    values: dict[str, Any] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    # The keys' own nodes, for the messages about a key rather than its value.
    keys: dict[str, Node] = field(default_factory=dict)
    # A checklist's points or a choice's answers, whichever the step gives (`list_name`).
    options: list[tuple[Option, Node]] = field(default_factory=list)
    list_name: str = ""

    @property
    def key(self) -> str:
        return str(self.values.get("key") or _written_key(self.node) or f"#{line_of(self.node)}")

    def where(self) -> str:
        return _("step '%(key)s'") % {"key": self.key}

    def switches(self) -> set[str]:
        """The tracks recording this step may move the case to."""
        found = {self.values.get("switch_track", "")}
        found |= {option.switch_track for option, _node in self.options}
        return found - {""}

    def step(self) -> Step:
        values = self.values
        return Step(
            key=values["key"],
            title=values["title"],
            role=values["role"],
            record=values["record"],
            after=values.get("after", OPENING),
            delay=values.get("delay"),
            help=values.get("help", {}),
            checklist=self._answers("checklist"),
            options=self._answers("options"),
            family=values.get("family", {}),
            when=values.get("when", {}),
            track=values.get("track", ""),
            switch_track=values.get("switch_track", ""),
            relay=values.get("relay", ""),
            escalate_after=values.get("escalate_after"),
            line=line_of(self.node),
        )

    def _answers(self, name: str) -> tuple[Option, ...]:
        return tuple(option for option, _node in self.options) if self.list_name == name else ()


def _written_key(node: Node) -> str:
    """The step's `key:` as written, to name the step in the messages about its other keys."""
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            if key_node.value == "key" and isinstance(value, ScalarNode):
                return str(value.value)
    return ""


def read_steps(node: Node, errors: Errors) -> list[Draft]:
    drafts: list[Draft] = []
    first_line: dict[str, int] = {}
    for item in reading.items(node, "steps", errors) or []:
        draft = _read(item, errors)
        if draft.key in first_line:
            message = _("step '%(key)s' is given twice (first at line %(line)d)")
            errors.add(
                draft.nodes.get("key", item),
                "",
                message % {"key": draft.key, "line": first_line[draft.key]},
            )
            continue
        if "key" in draft.values:
            first_line[draft.key] = line_of(item)
        drafts.append(draft)
    return drafts


def _read(item: Node, errors: Errors) -> Draft:
    draft = Draft(node=item)
    where = draft.where()
    found = reading.fields(item, where, errors, STEP_KEYS, REQUIRED, key_nodes=draft.keys)
    if found is None:
        return draft
    draft.nodes = found
    role = pgettext("protocol file", "role")
    record = pgettext("protocol file", "record kind")
    relay = pgettext("protocol file", "relay kind")
    readers = {
        "key": lambda n: reading.key(n, where, errors, longest=MAX_STEP_KEY),
        "title": lambda n: reading.words(n, f"{where}: title", errors),
        "help": lambda n: reading.words(n, f"{where}: help", errors, longest=reading.MAX_HELP),
        "family": lambda n: reading.words(n, f"{where}: family", errors),
        "role": lambda n: reading.choice(n, where, errors, role, ROLES),
        "record": lambda n: reading.choice(n, where, errors, record, RECORDS),
        "relay": lambda n: reading.choice(n, where, errors, relay, RELAY_KINDS),
        "delay": lambda n: reading.delay(n, f"{where}: delay", errors),
        "escalate_after": lambda n: reading.delay(n, f"{where}: escalate_after", errors),
        "after": lambda n: reading.text(n, f"{where}: after", errors),
        "track": lambda n: reading.text(n, f"{where}: track", errors),
        "switch_track": lambda n: reading.text(n, f"{where}: switch_track", errors),
        "when": lambda n: _when(n, where, errors),
    }
    for name, read in readers.items():
        value = read(found[name]) if name in found else None
        if value is not None:
            draft.values[name] = value
    if draft.values.get("key") == OPENING:
        message = _("'%(opening)s' is the case's opening, not a step's key")
        errors.add(found["key"], where, message % {"opening": OPENING})
        del draft.values["key"]
    # A step gives a checklist or options, not both (_check_record says so): the one its record
    # kind takes is read.
    names = (
        ("options", "checklist")
        if draft.values.get("record") == "choice"
        else ("checklist", "options")
    )
    for name in names:
        if name in found and not draft.list_name:
            _read_options(found[name], draft, errors, name)
    return draft


def _when(node: Node, where: str, errors: Errors) -> dict[str, bool] | None:
    found = reading.fields(node, f"{where}: when", errors, CONDITIONS, (), what="condition")
    if found is None:
        return None
    if not node.value:
        errors.add(node, f"{where}: when", _("names no condition (leave it out instead)"))
        return None
    values = {
        name: reading.boolean(value, f"{where}: when.{name}", errors)
        for name, value in found.items()
    }
    return {name: value for name, value in values.items() if value is not None}


def _read_options(node: Node, draft: Draft, errors: Errors, name: str) -> None:
    draft.list_name = name
    where = f"{draft.where()}: {name}"
    for item in reading.items(node, where, errors) or []:
        found = reading.fields(item, where, errors, OPTION_KEYS, ("key", "title"))
        if not found or "key" not in found or "title" not in found:
            continue
        key = reading.key(found["key"], where, errors, longest=MAX_STEP_KEY)
        at = f"{where} '{key}'"
        title = reading.words(found["title"], f"{at}: title", errors)
        switch: str | None = ""
        if "switch_track" in found:
            switch = reading.text(found["switch_track"], f"{at}: switch_track", errors)
        if key in [option.key for option, _node in draft.options]:
            errors.add(found["key"], where, _("'%(name)s' is given twice") % {"name": key})
        elif key and title and switch is not None:
            option = Option(key=key, title=title, switch_track=switch)
            draft.options.append((option, found.get("switch_track", item)))


def check_steps(drafts: list[Draft], tracks: dict[str, Node], errors: Errors) -> None:
    """What no single step shows: names of tracks and steps, deadlines' order, branches."""
    for draft in drafts:
        _check_tracks(draft, list(tracks), errors)
        _check_record(draft, errors)
    steps = {d.values["key"]: d for d in drafts if "key" in d.values}
    for draft in drafts:
        _check_after(draft, steps, errors)
    _check_cycles(drafts, steps, errors)
    for index, (track, node) in enumerate(tracks.items()):
        where = _("track '%(key)s'") % {"key": track}
        if not any(d.values.get("track") == track for d in drafts):
            errors.add(node, where, _("has no step of its own"))
        if index and not any(track in d.switches() for d in drafts):
            errors.add(node, where, _("no step or answer switches to it: it never starts"))


def _check_tracks(draft: Draft, tracks: list[str], errors: Errors) -> None:
    """Unknown tracks are reported, then forgotten, so that no later check trips on them."""
    where, values, nodes = draft.where(), draft.values, draft.nodes
    listed = reading.known(tracks) if tracks else _("none, the protocol has no tracks")
    unknown = _("unknown track '%(name)s'%(hint)s (known: %(known)s)")
    for name in ("track", "switch_track"):
        if name in values and values[name] not in tracks:
            written = values.pop(name)
            found = {"name": written, "hint": hint(written, tracks), "known": listed}
            errors.add(nodes[name], where, unknown % found)
    for option, node in draft.options:
        if option.switch_track and option.switch_track not in tracks:
            written = option.switch_track
            found = {"name": written, "hint": hint(written, tracks), "known": listed}
            errors.add(node, f"{where}: {draft.list_name} '{option.key}'", unknown % found)
    if "switch_track" in values and values["switch_track"] == values.get("track"):
        errors.add(nodes["switch_track"], where, _("switches to its own track"))
    if "switch_track" in nodes and any(option.switch_track for option, _node in draft.options):
        errors.add(nodes["switch_track"], where, _("switch_track on the step and on an answer"))


def _check_record(draft: Draft, errors: Errors) -> None:
    where, record, nodes = draft.where(), draft.values.get("record"), draft.nodes
    if record == "checklist" and "checklist" not in nodes:
        message = _("record: checklist needs its checklist: a list of {key, title}")
        errors.add(draft.node, where, message)
    if record and record != "checklist" and "checklist" in nodes:
        message = _("a checklist is given, but record is '%(record)s'") % {"record": record}
        errors.add(draft.keys["checklist"], where, message)
    if record == "choice" and "options" not in nodes:
        message = _("record: choice needs its options: a list of {key, title}")
        errors.add(draft.node, where, message)
    if record and record != "choice" and "options" in nodes:
        message = _("options are given, but record is '%(record)s'") % {"record": record}
        errors.add(draft.keys["options"], where, message)
    if record == "choice" and draft.list_name == "options" and len(draft.options) == 1:
        message = _("give two options or more: one option is no choice")
        errors.add(draft.keys["options"], where, message)
    if "delay" not in nodes:
        for name in ("after", "escalate_after"):
            if name in nodes:
                message = _("'%(name)s' without a 'delay': give the delay") % {"name": name}
                errors.add(draft.keys[name], where, message)


def _check_after(draft: Draft, steps: dict[str, Draft], errors: Errors) -> None:
    after = draft.values.get("after", OPENING)
    if after == OPENING:
        return
    if after not in steps:
        message = _("after '%(after)s' names no step%(hint)s (write '%(opening)s' or a step's key)")
        found = {"after": after, "hint": hint(after, list(steps)), "opening": OPENING}
        errors.add(draft.nodes["after"], draft.where(), message % found)
        return
    if after != draft.values.get("key"):  # a step after itself is a cycle, said below
        _check_follows(draft, steps[after], errors)


def _check_follows(draft: Draft, before: Draft, errors: Errors) -> None:
    """A step due after another must apply whenever that one does, or it is never due."""
    where, node = draft.where(), draft.nodes["after"]
    own_when, its_when = draft.values.get("when", {}), before.values.get("when", {})
    for name, value in its_when.items():
        if own_when.get(name) != value:
            message = _(
                "follows '%(before)s', which applies only when %(name)s is %(value)s: "
                "give it the same 'when', or follow another step"
            )
            found = {"before": before.key, "name": name, "value": str(value).lower()}
            errors.add(node, where, message % found)
    own_track, its_track = draft.values.get("track"), before.values.get("track")
    if its_track and own_track != its_track and own_track not in before.switches():
        found = {"before": before.key, "track": its_track, "own": own_track}
        if own_track:
            message = _(
                "follows '%(before)s', a step of the track '%(track)s' that does not lead to "
                "'%(own)s'"
            )
        else:
            message = _(
                "follows '%(before)s', a step of the track '%(track)s' that does not lead to "
                "every track: give it a track"
            )
        errors.add(node, where, message % found)


def _check_cycles(drafts: list[Draft], steps: dict[str, Draft], errors: Errors) -> None:
    """Each step has one `after`: followed from any step, they end at the opening or loop."""
    reported: set[str] = set()
    for draft in drafts:
        chain: list[str] = []
        current = draft.values.get("key")
        while current in steps and current not in chain:
            chain.append(current)
            current = steps[current].values.get("after")
        if current not in chain or current in reported:
            continue
        loop = chain[chain.index(current) :]
        reported.update(loop)
        # Said once, at the loop's first step in the file, starting from it.
        first = min(loop, key=lambda k: line_of(steps[k].node))
        start = loop.index(first)
        path = " → ".join([*loop[start:], *loop[:start], first])
        message = _("deadline cycle: %(path)s") % {"path": path}
        errors.add(steps[first].nodes["after"], steps[first].where(), message)

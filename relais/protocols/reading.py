"""Reading a protocol file's YAML nodes, keeping each value's line for the messages.

`yaml.safe_load` forgets where a value was written and silently keeps the last of two equal keys;
reading the composed node tree instead gives every error its line ("line 42: step 'hear_target':
unknown role 'teacher'") and sees a key written twice. Every reader here records its errors in an
`Errors` and returns None instead of raising, so that one run reports every mistake of a file.

The messages are in the active language (gettext): `relais protocols check` speaks the
operator's, start-up LANGUAGE_CODE's. The file's own words (its keys, `title`, `record: checklist`)
stay as written in the file, in every language.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from relais.protocols.model import LANGS

STR = "tag:yaml.org,2002:str"
BOOL = "tag:yaml.org,2002:bool"
TYPES = {
    STR: gettext_lazy("a text"),
    BOOL: gettext_lazy("true or false"),
    "tag:yaml.org,2002:int": gettext_lazy("a number"),
    "tag:yaml.org,2002:float": gettext_lazy("a number"),
    "tag:yaml.org,2002:null": pgettext_lazy("a YAML value", "empty"),
    "tag:yaml.org,2002:seq": gettext_lazy("a list"),
    "tag:yaml.org,2002:map": gettext_lazy("a mapping"),
}
# What `fields` reads a mapping of: a mapping of keys, of conditions, of languages; as many
# sentences as words, so that each language writes them whole.
MAPPING_OF = {
    "key": pgettext_lazy("protocol file", "must be a mapping of keys (%(known)s), not %(kind)s"),
    "condition": pgettext_lazy(
        "protocol file", "must be a mapping of conditions (%(known)s), not %(kind)s"
    ),
    "language": pgettext_lazy(
        "protocol file", "must be a mapping of languages (%(known)s), not %(kind)s"
    ),
}
UNKNOWN = {
    "key": pgettext_lazy("protocol file", "unknown key '%(name)s'%(hint)s (known: %(known)s)"),
    "condition": pgettext_lazy(
        "protocol file", "unknown condition '%(name)s'%(hint)s (known: %(known)s)"
    ),
    "language": pgettext_lazy(
        "protocol file", "unknown language '%(name)s'%(hint)s (known: %(known)s)"
    ),
}

# A delay is a whole number and a unit: 48h, 5d, 2w (docs/protocols.md, "Delays"). No minutes,
# months or years: a month is not a fixed length, and a school's deadlines are counted in hours,
# days and weeks. At most a year: anything longer is a typo (4800h for 48h).
DELAY = re.compile(r"([1-9][0-9]{0,3})([hdw])")
UNITS = {"h": "hours", "d": "days", "w": "weeks"}
MAX_DELAY = timedelta(days=366)

# Keys of steps, options and tracks: cases store them (CaseStep.key, Case.track): plain, short.
KEY = re.compile(r"[a-z][a-z0-9_]*")

# Longest words: a title or the family's words fit a line of a checklist or of the mailbox.
MAX_TITLE = 200
MAX_HELP = 2_000


class Errors:
    """The errors found so far, each with its line (1-based; 0 when the file has no line)."""

    def __init__(self) -> None:
        self.items: list[tuple[int, str]] = []

    def add(self, at: Node | int, where: str, message: str) -> None:
        line = at if isinstance(at, int) else at.start_mark.line + 1
        self.items.append((line, f"{where}: {message}" if where else str(message)))

    def __bool__(self) -> bool:
        return bool(self.items)


def line_of(node: Node) -> int:
    return node.start_mark.line + 1


def known(choices: Sequence[str]) -> str:
    return ", ".join(choices)


def hint(word: str, choices: Sequence[str]) -> str:
    """' (did you mean 'role'?)' when a close choice exists: most unknown keys are typos."""
    close = difflib.get_close_matches(word, choices, n=1)
    return _(" (did you mean '%(word)s'?)") % {"word": close[0]} if close else ""


def kind_of(node: Node) -> str:
    return str(TYPES.get(node.tag, node.tag))


def fields(
    node: Node,
    where: str,
    errors: Errors,
    allowed: Sequence[str],
    required: Sequence[str],
    what: str = "key",
    key_nodes: dict[str, Node] | None = None,
) -> dict[str, Node] | None:
    """A mapping's values by key; an unknown key (`what`: "key", "condition", "language"), a key
    given twice or a missing one is an error. None when the node is not a mapping. `key_nodes`,
    when given, receives the keys' own nodes: a message about a key (not its value) names the
    key's line, which differs when the value is a block below it."""
    if not isinstance(node, MappingNode):
        message = MAPPING_OF[what] % {"known": known(allowed), "kind": kind_of(node)}
        errors.add(node, where, message)
        return None
    found: dict[str, Node] = {}
    for key_node, value in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if not isinstance(key, str) or key not in allowed:
            shown = key if isinstance(key, str) else kind_of(key_node)
            hinted = hint(str(shown), allowed)
            message = UNKNOWN[what] % {"name": shown, "hint": hinted, "known": known(allowed)}
            errors.add(key_node, where, message)
        elif key in found:
            message = _("'%(name)s' is given twice (first at line %(line)d)") % {
                "name": key,
                "line": line_of(found[key]),
            }
            errors.add(key_node, where, message)
        else:
            found[key] = value
            if key_nodes is not None:
                key_nodes[key] = key_node
    for key in required:
        if key not in found:
            errors.add(node, where, _("'%(name)s' is missing") % {"name": key})
    return found


def items(node: Node, where: str, errors: Errors) -> list[Node] | None:
    if not isinstance(node, SequenceNode):
        errors.add(node, where, _("must be a list, not %(kind)s") % {"kind": kind_of(node)})
        return None
    if not node.value:
        errors.add(node, where, _("must not be empty"))
        return None
    return list(node.value)


def text(node: Node, where: str, errors: Errors, *, longest: int = MAX_HELP) -> str | None:
    if not isinstance(node, ScalarNode) or node.tag != STR:
        errors.add(node, where, _("must be a text, not %(kind)s") % {"kind": kind_of(node)})
        return None
    value = node.value.strip()
    if not value:
        errors.add(node, where, _("must not be empty"))
        return None
    if len(value) > longest:
        message = _("is %(length)d characters long, at most %(longest)d")
        errors.add(node, where, message % {"length": len(value), "longest": longest})
        return None
    return value


def key(node: Node, where: str, errors: Errors, *, longest: int) -> str | None:
    value = text(node, where, errors, longest=longest)
    if value is not None and not KEY.fullmatch(value):
        message = _(
            "'%(value)s' is not a key: lower-case letters, digits and _, starting with a letter"
        )
        errors.add(node, where, message % {"value": value})
        return None
    return value


def choice(node: Node, where: str, errors: Errors, what: str, choices: Sequence[str]) -> str | None:
    """One of `choices`; `what` names them in the messages, translated ("role", "record kind")."""
    if not isinstance(node, ScalarNode) or node.tag != STR:
        message = _("%(what)s must be a text, not %(kind)s")
        errors.add(node, where, message % {"what": what, "kind": kind_of(node)})
        return None
    if node.value not in choices:
        message = _("unknown %(what)s '%(value)s'%(hint)s (known: %(known)s)")
        hinted = hint(node.value, choices)
        errors.add(
            node,
            where,
            message % {"what": what, "value": node.value, "hint": hinted, "known": known(choices)},
        )
        return None
    return str(node.value)


def boolean(node: Node, where: str, errors: Errors) -> bool | None:
    if not isinstance(node, ScalarNode) or node.tag != BOOL:
        message = _("must be true or false, not %(kind)s")
        errors.add(node, where, message % {"kind": kind_of(node)})
        return None
    return node.value.lower() in ("true", "yes", "on", "y")


def words(node: Node, where: str, errors: Errors, *, longest: int = MAX_TITLE) -> dict | None:
    """A text in each language, {fr, nl, en}: all three required, no other."""
    found = fields(node, where, errors, LANGS, (), what="language")
    if found is None:
        return None
    missing = [lang for lang in LANGS if lang not in found]
    if missing:
        message = _("missing translation: %(languages)s (fr, nl and en required)")
        errors.add(node, where, message % {"languages": ", ".join(missing)})
    texts = {
        lang: text(value, f"{where}.{lang}", errors, longest=longest)
        for lang, value in found.items()
    }
    if missing or any(value is None for value in texts.values()):
        return None
    return texts


def delay(node: Node, where: str, errors: Errors) -> timedelta | None:
    """`48h`, `5d` or `2w` as a timedelta; None (with an error) for anything else."""
    written = node.value if isinstance(node, ScalarNode) else ""
    match = DELAY.fullmatch(written) if isinstance(node, ScalarNode) and node.tag == STR else None
    if match is None:
        unit = _(" (no unit: add h, d or w)") if written.isdigit() else ""
        message = _(
            "'%(written)s' is not a delay%(unit)s: a whole number then h (hours), d (days) or "
            "w (weeks), e.g. 48h, 5d, 2w"
        )
        errors.add(node, where, message % {"written": written or kind_of(node), "unit": unit})
        return None
    value = timedelta(**{UNITS[match[2]]: int(match[1])})
    if value > MAX_DELAY:
        errors.add(node, where, _("'%(written)s' is longer than a year") % {"written": written})
        return None
    return value

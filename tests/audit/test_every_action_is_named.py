"""Every audit action, actor kind and detail that relais/ writes has a name in the reader's words.

The test reads the code, not the database: every call to the audit service (`record`, `unsaved`,
`record_opening`) and to the helpers that hand one of their parameters on to it as the action
(`_audit(alert, action)`, `record_view(what=...)`), in every module of relais/. An action written
as a literal, a module constant or a member must be an `AuditAction`; one built from parts
(f"notice.{kind}_{what}") must match one; one the test cannot read fails, so that a new way of
naming an action is looked at.

And no action or actor kind is written as a string: `action=`, `actor_kind=`, a default, a table's
field, a helper's argument or what a helper returns is a member (`AuditAction.X`, `ActorKind.Y`),
so that a typo fails at import, not in the log (test_no_action_or_actor_kind_is_a_string).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils import translation

from relais.audit.admin import DETAIL_WORDS
from relais.audit.models import ActorKind, AuditAction

RELAIS = Path(__file__).resolve().parents[2] / "relais"
SERVICE = {"record", "unsaved", "record_opening"}
SERVICE_ARGUMENTS = {"actor", "action", "obj", "actor_kind", "news"}
ANY = "[a-z0-9_]+"  # a part only the running program knows, such as message.kind
HOLE = "{}"  # where a helper's parameter goes in the action it builds

Function = ast.FunctionDef | ast.AsyncFunctionDef


@dataclass
class Writer:
    """A helper whose `parameter` becomes the action through `template`."""

    parameter: str
    position: int | None
    template: str
    parameters: set[str]


@dataclass
class Found:
    actions: list[tuple[str, str]] = field(default_factory=list)  # (where, regex)
    unreadable: list[str] = field(default_factory=list)
    kinds: list[tuple[str, str]] = field(default_factory=list)
    details: set[str] = field(default_factory=set)
    strings: list[str] = field(default_factory=list)  # where an action or kind is a string


@dataclass
class Module:
    where: str
    tree: ast.Module
    constants: dict[str, str]
    # FAILED = {OutboxKind.NOTICE: AuditAction.NOTICE_FAILED, ...}, annotated or not
    tables: dict[str, ast.Dict]


@cache
def _modules() -> list[Module]:
    found = []
    for path in sorted(RELAIS.rglob("*.py")):
        if "migrations" in path.parts or path.parent.name == "audit":
            continue
        tree = ast.parse(path.read_text())
        constants = {
            node.targets[0].id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        }
        tables = {
            target.id: node.value
            for node in tree.body
            if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Dict)
            for target in ([node.target] if isinstance(node, ast.AnnAssign) else node.targets)
            if isinstance(target, ast.Name)
        }
        found.append(Module(str(path.relative_to(RELAIS.parent)), tree, constants, tables))
    return found


def _calls(
    tree: ast.AST, function: Function | None = None
) -> Iterator[tuple[Function | None, ast.Call]]:
    """Every call, with the innermost function it is written in."""
    for child in ast.iter_child_nodes(tree):
        inner = child if isinstance(child, Function) else function
        if isinstance(child, ast.Call):
            yield function, child
        yield from _calls(child, inner)


def _name(call: ast.Call) -> str:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", "")


def _regexes(
    node: ast.AST, env: dict[str, list[str]], module: Module, strings: list[str] | None = None
) -> list[str] | None:
    """What `node` evaluates to, as regexes of the action; None when the test cannot tell.
    Where the action is spelled as a string (a literal, an f-string, a module constant) is added
    to `strings`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        _spelled(strings, module, node)
        return [re.escape(node.value)]
    if isinstance(node, ast.Name):
        if node.id in env:
            return env[node.id]
        constant = module.constants.get(node.id)
        if constant is not None:
            _spelled(strings, module, node)
        return None if constant is None else [re.escape(constant)]
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        table = module.tables.get(node.value.id)
        if table is None:
            return None
        values = [_regexes(value, env, module, strings) for value in table.values]
        return None if any(v is None for v in values) else [r for v in values for r in v or []]
    if isinstance(node, ast.Attribute):
        if isinstance(node.value, ast.Name) and node.value.id in ("AuditAction", "ActorKind"):
            choices = AuditAction if node.value.id == "AuditAction" else ActorKind
            return [re.escape(choices[node.attr].value)]
        return _table_field(node.attr, module, strings) or [ANY]
    if isinstance(node, ast.JoinedStr):
        _spelled(strings, module, node)
        results = [""]
        for part in node.values:
            inner = part.value if isinstance(part, ast.FormattedValue) else part
            # The f-string was counted once: its constant parts are not counted again.
            within = strings if isinstance(part, ast.FormattedValue) else None
            pieces = _regexes(inner, env, module, within)
            if pieces is None:
                return None
            results = [done + piece for done in results for piece in pieces]
        return results
    if isinstance(node, ast.IfExp):
        body = _regexes(node.body, env, module, strings)
        orelse = _regexes(node.orelse, env, module, strings)
        return None if body is None or orelse is None else body + orelse
    if isinstance(node, ast.Call):
        return _through_helper(node, env, module, strings)
    return None


def _spelled(strings: list[str] | None, module: Module, node: ast.AST) -> None:
    if strings is not None:
        strings.append(f"{module.where}:{getattr(node, 'lineno', '?')}")


def _table_field(name: str, module: Module, strings: list[str] | None = None) -> list[str]:
    """Every value a table gives a record's field `name`, the record's class being one the module
    defines: the actions of the workflows' transitions (relais.lib.workflow.Move, read back there
    as ``step.audit``; its rows are written in each app's workflow module, Move(...,
    audit=AuditAction.NOTICE_QUEUED)). None values (no audit row) are left out."""
    positions = {}
    for node in module.tree.body:
        if isinstance(node, ast.ClassDef):
            fields = [
                item.target.id
                for item in node.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            ]
            if name in fields:
                positions[node.name] = fields.index(name)
    found: list[str] = []
    for each in _modules():
        for call in (n for n in ast.walk(each.tree) if isinstance(n, ast.Call)):
            position = positions.get(_name(call))
            if position is None:
                continue
            value = _argument(call, name, position)
            if isinstance(value, ast.Constant) and value.value is None:
                continue
            found += (_regexes(value, {}, each, strings) or [ANY]) if value is not None else []
    return found


def _through_helper(
    call: ast.Call, env: dict[str, list[str]], module: Module, strings: list[str] | None
) -> list[str] | None:
    """A function of the same module that returns the action built from its arguments
    (relais.notices.effects._action(kind, what))."""
    for node in module.tree.body:
        if isinstance(node, Function) and node.name == _name(call):
            returns = [n for n in ast.walk(node) if isinstance(n, ast.Return) and n.value]
            if len(returns) != 1:
                return None
            inner = dict(env)
            for parameter, argument in zip(node.args.args, call.args, strict=False):
                inner[parameter.arg] = _regexes(argument, env, module, strings) or [ANY]
            for keyword in call.keywords:
                if keyword.arg:
                    inner[keyword.arg] = _regexes(keyword.value, env, module, strings) or [ANY]
            return _regexes(returns[0].value, inner, module, strings)
    return None


def _argument(call: ast.Call, name: str, position: int | None) -> ast.AST | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    if position is not None and len(call.args) > position:
        return call.args[position]
    return None


def _parameters(function: Function) -> list[str]:
    return [
        a.arg for a in function.args.posonlyargs + function.args.args + function.args.kwonlyargs
    ]


def _writers(modules: list[Module], strings: list[str]) -> dict[str, Writer]:
    """The helpers that hand one of their parameters on to the audit service as the action."""
    writers: dict[str, Writer] = {}
    for module in modules:
        for function, call in _calls(module.tree):
            if function is None or _name(call) not in SERVICE:
                continue
            argument = _argument(call, "action", None)
            if argument is None:
                continue
            names = {n.id for n in ast.walk(argument) if isinstance(n, ast.Name)}
            passed = names & set(_parameters(function))
            if len(passed) != 1:
                continue
            parameter = passed.pop()
            regexes = _regexes(argument, {parameter: [HOLE]}, module, strings)
            if regexes is not None and len(regexes) == 1:
                positional = [a.arg for a in function.args.posonlyargs + function.args.args]
                position = positional.index(parameter) if parameter in positional else None
                writers[function.name] = Writer(
                    parameter, position, regexes[0], set(_parameters(function))
                )
    return writers


def _kinds(module: Module, call: ast.Call, strings: list[str]) -> Iterator[str]:
    values = [k.value for k in call.keywords if k.arg == "actor_kind"]
    for value in values:
        yield from _regexes(value, {}, module, strings) or []


def _scan() -> Found:
    modules = _modules()
    found = Found()
    writers = _writers(modules, found.strings)
    for module in modules:
        for node in ast.walk(module.tree):  # defaults: def f(*, actor_kind: str = "reporter")
            if isinstance(node, Function):
                arguments = node.args.args + node.args.kwonlyargs
                defaults = [*node.args.defaults, *node.args.kw_defaults]
                for argument, default in zip(reversed(arguments), reversed(defaults), strict=False):
                    if argument.arg == "actor_kind" and default is not None:
                        where = f"{module.where}:{node.lineno}"
                        found.kinds += [
                            (where, regex)
                            for regex in _regexes(default, {}, module, found.strings) or []
                        ]
        for function, call in _calls(module.tree):
            where = f"{module.where}:{call.lineno}"
            found.kinds += [(where, regex) for regex in _kinds(module, call, found.strings)]
            name = _name(call)
            if function is not None and function.name in writers and name in SERVICE:
                continue  # the helper's own call: its callers are read instead
            writer = writers.get(name)
            if name not in SERVICE and writer is None:
                continue
            argument = (
                _argument(call, "action", None)
                if writer is None
                else _argument(call, writer.parameter, writer.position)
            )
            if argument is None:
                continue
            regexes = _regexes(argument, {}, module, found.strings)
            if regexes is None:
                found.unreadable.append(where)
                continue
            template = HOLE if writer is None else writer.template
            found.actions += [(where, template.replace(HOLE, regex)) for regex in regexes]
            own = SERVICE_ARGUMENTS if writer is None else writer.parameters
            found.details |= {k.arg for k in call.keywords if k.arg and k.arg not in own}
    return found


def test_the_scan_reads_the_actions_of_every_app():
    found = _scan()
    apps = {where.split("/")[1] for where, _regex in found.actions}
    assert {"alerts", "notices", "evidence", "timeline", "documents", "staff", "demo"} <= apps
    # The helpers: notices.effects._audit and its tables of outcomes, evidence's record_view,
    # and the transitions tables that relais.lib.workflow applies (notices', cases').
    assert any(regex == re.escape("evidence.original_downloaded") for _w, regex in found.actions)
    assert ("relais/notices/effects.py", re.escape("notice.reminder_unknown")) in {
        (where.split(":")[0], regex) for where, regex in found.actions
    }
    assert ("relais/lib/workflow.py", re.escape("notice.escalation_sent")) in {
        (where.split(":")[0], regex) for where, regex in found.actions
    }


def test_every_action_written_is_a_member():
    members = [action.value for action in AuditAction]
    found = _scan()
    assert found.unreadable == [], "actions this test cannot read"
    missing = [
        f"{where}: {regex}"
        for where, regex in found.actions
        if not any(re.fullmatch(regex, value) for value in members)
    ]
    assert missing == [], "add these to relais.audit.actions.AuditAction"


def test_every_actor_kind_written_is_a_member():
    found = _scan()
    assert len(found.kinds) > 10
    kinds = {kind.value for kind in ActorKind}
    unknown = [
        f"{where}: {regex}"
        for where, regex in found.kinds
        if regex != ANY and not any(re.fullmatch(regex, kind) for kind in kinds)
    ]
    assert unknown == []


def test_every_detail_recorded_has_a_name():
    found = _scan()
    assert {"notice", "source", "target", "sha256", "smtp_code"} <= found.details
    assert sorted(found.details - set(DETAIL_WORDS)) == []


def test_every_label_is_translated():
    for choice in [*AuditAction, *ActorKind]:
        with translation.override("en"):
            english = str(choice.label)
        for language in ("fr", "nl"):
            with translation.override(language):
                assert str(choice.label) != english, f"{choice.value} in {language}"


def _string_arguments(modules: list[Module]) -> list[str]:
    """Every `action=` or `actor_kind=` written as a string, in any call of relais/ (argparse's
    `add_argument(action="store_true")` aside), and every such parameter's string default."""
    found = []
    for module in modules:
        for node in ast.walk(module.tree):
            where = f"{module.where}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.Call) and _name(node) != "add_argument":
                found += [
                    where
                    for keyword in node.keywords
                    if keyword.arg in ("action", "actor_kind")
                    and isinstance(keyword.value, ast.Constant | ast.JoinedStr)
                ]
            if isinstance(node, Function):
                arguments = node.args.args + node.args.kwonlyargs
                defaults = [*node.args.defaults, *node.args.kw_defaults]
                found += [
                    where
                    for argument, default in zip(
                        reversed(arguments), reversed(defaults), strict=False
                    )
                    if argument.arg in ("action", "actor_kind")
                    and isinstance(default, ast.Constant)
                    and isinstance(default.value, str)
                ]
    return found


def test_no_action_or_actor_kind_is_a_string():
    """Members, never strings: `AuditAction.X` and `ActorKind.Y` fail at import when misspelt;
    a string reaches the log as it is. Read from the call, the table, the helper and its return."""
    found = _scan()
    strings = sorted(
        set(found.strings) | set(_string_arguments(_modules())),
        key=lambda where: (where.split(":")[0], int(where.split(":")[1])),
    )
    assert strings == []


def test_the_string_check_sees_a_string():
    """The check above reads a literal action, an f-string, a string default and an argument."""
    source = (
        "def f(*, actor_kind='staff'):\n"
        "    record(actor=None, action='alert.viewed', obj=x)\n"
        "    record(actor=None, action=f'notice.{what}', obj=x, actor_kind=ActorKind.STAFF)\n"
        "    generate(actor=None, actor_kind='reporter')\n"
        "    parser.add_argument('--once', action='store_true')\n"
    )
    module = Module("relais/x.py", ast.parse(source), {}, {})
    strings: list[str] = []
    for _function, call in _calls(module.tree):
        argument = _argument(call, "action", None)
        if argument is not None and _name(call) == "record":
            _regexes(argument, {"what": [ANY]}, module, strings)
    assert strings == ["relais/x.py:2", "relais/x.py:3"]
    assert sorted(_string_arguments([module])) == [
        "relais/x.py:1",
        "relais/x.py:2",
        "relais/x.py:3",
        "relais/x.py:4",
    ]

"""Services queue their background tasks by a registered name (relais.lib.jobs), so that no
service imports the task module that imports it: no import cycle, not even a lazy one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_tasks import task

from relais.lib import jobs

ROOT = Path(__file__).resolve().parents[2]


@task()
def another() -> None:
    """A task that would take a name already given."""


def test_an_unknown_name_is_an_error(db):
    with pytest.raises(ImproperlyConfigured, match=r"No task registered as 'nothing\.here'"):
        jobs.defer("nothing.here")


def test_a_name_names_one_task():
    with pytest.raises(ImproperlyConfigured, match=r"Two tasks named 'evidence\.process'"):
        jobs.register("evidence.process")(another)


def imports_of(root: Path) -> dict[str, set[str]]:
    """Each module of the package and the package's modules it imports, lazily or not."""
    modules = {
        ".".join(path.relative_to(root.parent).with_suffix("").parts).removesuffix(
            ".__init__"
        ): path
        for path in root.rglob("*.py")
        if "migrations" not in path.parts
    }
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                # `from package import module` imports that module; `import name`, the package.
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                    for alias in node.names
                ]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def cycle_through(graph: dict[str, set[str]], start: str) -> list[str]:
    """A path of imports from `start` back to itself, or []."""
    stack, seen = [(start, [start])], set()
    while stack:
        name, path = stack.pop()
        for target in graph[name]:
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return []


def test_relais_has_no_import_cycle():
    graph = imports_of(ROOT / "relais")
    cycles = [cycle_through(graph, name) for name in sorted(graph)]
    assert [" -> ".join(cycle) for cycle in cycles if cycle] == []

"""Handing work to the background worker by name, without importing the task's module.

A task module imports the services it runs; if a service imported that task module back to
queue the task, even lazily inside a function, the two would form an import cycle. So a task
that services queue registers itself here under a short name (`@jobs.register("evidence.process")`
above `@task()`), and the service calls `jobs.defer("evidence.process", item_id)`, usually from
`transaction.on_commit`. This module imports nothing from Relais. The task modules are imported
at start-up, in the web process and the worker alike, by relais.worker's AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django_tasks.base import Task

T = TypeVar("T", bound=Task[Any, Any])
_registered: dict[str, Task[Any, Any]] = {}


def register(name: str) -> Callable[[T], T]:
    """Register the decorated task under `name`; one task per name."""

    def add(task: T) -> T:
        known = _registered.setdefault(name, task)
        if known.module_path != task.module_path:
            raise ImproperlyConfigured(f"Two tasks named {name!r}: {known.module_path}")
        return task

    return add


def defer(name: str, *args: Any) -> None:
    """Queue the task registered under `name` with these JSON-serialisable arguments."""
    try:
        task = _registered[name]
    except KeyError:
        raise ImproperlyConfigured(f"No task registered as {name!r}") from None
    task.enqueue(*args)

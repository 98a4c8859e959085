"""Every `relais COMMAND` that the README and docs/ tell an operator to run is a command of this
installation (relais/cli.py reads "import-schools" as import_schools), and the two deadline
commands are the ones that run their own sweep: `check_deadlines` the notices', `cases_sweep` the
school cases'."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parent.parent
NAMED = re.compile(r"`relais ([a-z][a-z_-]*)")


def test_every_command_the_documentation_names_exists():
    commands = get_commands()
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    named = {
        (path.name, name.replace("-", "_"))
        for path in texts
        for name in NAMED.findall(path.read_text(encoding="utf-8"))
    }
    assert named
    assert sorted(item for item in named if item[1] not in commands) == []


def test_each_deadline_command_runs_its_own_sweep():
    assert get_commands()["check_deadlines"] == "relais.notices"
    assert get_commands()["cases_sweep"] == "relais.cases"
    assert "overdue case steps" in load_command_class("relais.cases", "cases_sweep").help

"""The installed `relais` command reaches the importer (a real process, a real SQLite file)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.schools.files import BE_SAMPLE, FR_SAMPLE

pytestmark = pytest.mark.engine_neutral("sqlite")

RELAIS = Path(sys.executable).parent / "relais"


def relais(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELAIS_")}
    env.update(RELAIS_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="relais.settings")
    return subprocess.run(
        [str(RELAIS), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_relais_import_schools_imports_through_the_console_script(tmp_path):
    assert relais("migrate", "--noinput", "-v0", data_dir=tmp_path).returncode == 0

    first = relais("import-schools", "--format", "be-fase", str(BE_SAMPLE), data_dir=tmp_path)
    second = relais("import-schools", "--format", "be-fase", str(BE_SAMPLE), data_dir=tmp_path)

    assert first.returncode == 0, first.stderr
    assert "added 8 / updated 0 / unchanged 0 / refused 4 / skipped 1" in first.stdout
    assert "added 0 / updated 0 / unchanged 8 / refused 4 / skipped 1" in second.stdout
    with sqlite3.connect(tmp_path / "relais.sqlite3") as db:
        (count,) = db.execute("select count(*) from schools_school").fetchone()
    assert count == 8


def test_relais_import_schools_exits_1_when_the_columns_are_missing(tmp_path):
    assert relais("migrate", "--noinput", "-v0", data_dir=tmp_path).returncode == 0

    result = relais("import-schools", "--format", "be-fase", str(FR_SAMPLE), data_dir=tmp_path)

    assert result.returncode == 1
    # The message lists the column names it looked for (not translated: they are the files').
    assert "N° FASE de l'établissement" in result.stderr

"""`relais protocols check FILE`: exit 0 with the title and the steps' count, or 1 with every
error and its line (../shared/design/api.md), in the operator's language: `--language fr|nl|en`,
LANGUAGE_CODE's (French) by default."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from relais.jurisdictions.packs import PACK_DIR
from tests.protocols.broken import protocol, step

pytestmark = pytest.mark.engine_neutral("sqlite")

RELAIS = Path(sys.executable).parent / "relais"


def check(path: Path | str, *language: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RELAIS), "protocols", "check", str(path), *language], capture_output=True, text=True
    )


def test_a_shipped_protocol_is_ok():
    done = check(PACK_DIR / "be-fwb" / "protocols" / "mouscron.yaml")
    assert done.returncode == 0, done.stderr
    # The title and the words in LANGUAGE_CODE's language, French by default.
    assert done.stdout.strip() == (
        "OK : Procédure de Mouscron : cyberharcèlement et diffusion d'images (cas graves), "
        "22 étapes"
    )


def test_a_broken_file_exits_1_with_each_error_and_its_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(
        protocol(step("hear", role="teacher"), step("meet", "after: nobody", "delay: 1d")),
        encoding="utf-8",
    )
    done = check(path, "--language", "en")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"{path}: line 6: step 'hear': unknown role 'teacher' "
        "(known: direction, educator, association)",
        f"{path}: line 12: step 'meet': after 'nobody' names no step "
        "(write 'opening' or a step's key)",
        "2 errors.",
    ]


def test_a_yaml_syntax_error_is_reported_with_its_line(tmp_path):
    path = tmp_path / "syntax.yaml"
    path.write_text('title: {fr: "a", nl: "b"\nsource: x\n', encoding="utf-8")
    done = check(path, "--language", "en")
    assert done.returncode == 1
    assert f"{path}: line 2: not valid YAML" in done.stderr


def test_a_missing_file_exits_1(tmp_path):
    done = check(tmp_path / "absent.yaml", "--language", "en")
    assert done.returncode == 1
    assert "absent.yaml: cannot be read" in done.stderr


def test_check_needs_a_file():
    done = subprocess.run([str(RELAIS), "protocols", "check"], capture_output=True, text=True)
    assert done.returncode != 0
    assert "file" in done.stderr

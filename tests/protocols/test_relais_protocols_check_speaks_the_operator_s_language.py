"""`relais protocols check FILE` speaks the operator's language: French (LANGUAGE_CODE) unless
`--language nl|en` says otherwise; every error keeps its line, and the file's own words (its
keys, `record: checklist`) stay as written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from relais.jurisdictions.packs import PACK_DIR
from tests.protocols.broken import protocol, step

pytestmark = pytest.mark.engine_neutral("sqlite")

RELAIS = Path(sys.executable).parent / "relais"


def check(path: Path, *language: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(RELAIS), "protocols", "check", str(path), *language], capture_output=True, text=True
    )


@pytest.fixture
def broken(tmp_path) -> Path:
    path = tmp_path / "broken.yaml"
    text = protocol(
        step("hear", role="teacher"),
        step("meet", "after: nobody", "delay: 2 days"),
        step(
            "review", "options:", "  - {key: only, title: {fr: a, nl: b, en: c}}", record="choice"
        ),
    )
    path.write_text(text, encoding="utf-8")
    return path


def test_a_broken_file_is_reported_in_french_by_default_with_its_lines(broken):
    done = check(broken)

    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"{broken} : ligne 6 : étape 'hear': rôle inconnu 'teacher' "
        "(connus : direction, educator, association)",
        f"{broken} : ligne 12 : étape 'meet': after 'nobody' ne nomme aucune étape "
        "(écrivez 'opening' ou la clé d'une étape)",
        f"{broken} : ligne 13 : étape 'meet': delay: '2 days' n'est pas un délai : un nombre "
        "entier puis h (heures), d (jours) ou w (semaines), p. ex. 48h, 5d, 2w",
        f"{broken} : ligne 18 : étape 'review': donnez deux options ou plus : une seule option "
        "n'est pas un choix",
        "4 erreurs.",
    ]


def test_in_dutch_with_language_nl(broken):
    done = check(broken, "--language", "nl")

    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0] == (
        f"{broken}: regel 6: stap 'hear': onbekende rol 'teacher' "
        "(bekend: direction, educator, association)"
    )
    assert lines[1].startswith(f"{broken}: regel 12: stap 'meet': after 'nobody' noemt geen")
    assert lines[-1] == "4 fouten."


def test_in_english_with_language_en(broken):
    lines = check(broken, "--language", "en").stderr.splitlines()

    assert lines[0].startswith(f"{broken}: line 6: step 'hear': unknown role 'teacher'")
    assert lines[-1] == "4 errors."


def test_a_valid_file_is_ok_in_dutch_with_its_dutch_title():
    done = check(PACK_DIR / "fr" / "protocols" / "phare.yaml", "--language", "nl")

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "OK: pHARe-protocol: aanpak van een pestsituatie, 18 stappen"


def test_an_unknown_language_is_refused(broken):
    done = check(broken, "--language", "de")

    assert done.returncode != 0
    assert "invalid choice: 'de'" in done.stderr

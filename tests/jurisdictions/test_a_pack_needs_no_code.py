"""Adding a jurisdiction is adding a pack (issue 11, point 5): a pack copied from `fr` under the
code "xx", in a temporary packs folder (the JURISDICTION_PACKS_DIR setting), is a choice of the
school's jurisdiction and a value of the API's, with no change to the code and no migration."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pydantic import ValidationError as SchemaError

from relais.api.api import api
from relais.api.schemas import SchoolOut
from relais.jurisdictions.packs import PACK_DIR, PackError
from relais.schools.models import School
from tests.factories import SchoolFactory

XX = {"fr": "Xland", "nl": "Xland", "en": "Xland"}


def packs_with_xx(folder: Path) -> Path:
    for code in ("fr", "be-fwb"):
        shutil.copytree(PACK_DIR / code, folder / code)
    # Without fr's protocol: a protocol's key (its file's name) is unique across packs.
    shutil.copytree(PACK_DIR / "fr", folder / "xx", ignore=shutil.ignore_patterns("protocols"))
    for name in ("pack.yaml", "notices.yaml"):
        path = folder / "xx" / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["code"] = "xx"
        if name == "pack.yaml":
            data["name"] = XX
            del data["order"]  # a pack without an order comes after the others
            del data["protocol"]
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.fixture
def xx(settings, tmp_path) -> Path:
    settings.JURISDICTION_PACKS_DIR = packs_with_xx(tmp_path / "packs")
    return settings.JURISDICTION_PACKS_DIR


def test_the_choices_are_the_packs_in_their_order():
    choices = School._meta.get_field("jurisdiction").choices
    assert [(code, str(name)) for code, name in choices] == [
        ("fr", "France"),
        ("be-fwb", "Wallonia-Brussels Federation"),
    ]


@pytest.mark.django_db
def test_a_new_pack_is_a_school_jurisdiction_without_a_migration(xx):
    apps.get_app_config("jurisdictions").ready()  # the start-up check accepts the pack
    school = SchoolFactory(jurisdiction="xx", code="X-1")

    school.full_clean()

    assert school.get_jurisdiction_display() == "Xland"
    assert [code for code, _name in School._meta.get_field("jurisdiction").choices] == [
        "fr",
        "be-fwb",
        "xx",
    ]
    # The migrations name the packs' callable: a new pack asks for no migration.
    call_command("makemigrations", "schools", "documents", "directory", check=True, dry_run=True)


@pytest.mark.django_db
def test_without_its_pack_a_code_is_refused():
    school = SchoolFactory(jurisdiction="xx", code="X-1")
    with pytest.raises(ValidationError) as refused:
        school.full_clean()
    assert "jurisdiction" in refused.value.message_dict


def test_the_api_lists_the_packs_of_its_start():
    """The API's enum is read from the packs when it is imported: this process started with
    `fr` and `be-fwb`, which the contract (api.md) lists, and no other."""
    schema = api.get_openapi_schema()["components"]["schemas"]["SchoolOut"]
    assert schema["properties"]["jurisdiction"] == {
        "enum": ["fr", "be-fwb"],
        "title": "Jurisdiction",
        "type": "string",
    }
    with pytest.raises(SchemaError):
        SchoolOut.model_validate(_school("xx"))


# A process that starts with the "xx" pack: its API answers a school of "xx" and lists the code.
SCRIPT = """
import json, sys
from django.conf import settings
settings.JURISDICTION_PACKS_DIR = sys.argv[1]
import django
django.setup()
from relais.api.api import api
from relais.api.schemas import SchoolsOut
school = json.loads(sys.argv[2])
answered = SchoolsOut.model_validate({"items": [school]}).model_dump(mode="json")
schema = api.get_openapi_schema()["components"]["schemas"]["SchoolOut"]
print(json.dumps({"answered": answered, "enum": schema["properties"]["jurisdiction"]["enum"]}))
"""


def _school(code: str) -> dict[str, str]:
    return {
        "id": "0b0e8a52-1c7e-4a43-9d4b-3b7f6c1d2e3f",
        "name": "École de Xland",
        "city": "Xville",
        "code": "X-1",
        "jurisdiction": code,
    }


def test_a_process_started_with_a_new_pack_answers_its_schools(tmp_path):
    folder = packs_with_xx(tmp_path / "packs")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(folder), json.dumps(_school("xx"))],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"answered": {"items": [_school("xx")]}, "enum": ["fr", "be-fwb", "xx"]}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda path: path.unlink(), "xx/letters/law_reminder.html: missing"),
        (
            lambda path: path.write_text("{% block body %}", encoding="utf-8"),
            "xx/letters/law_reminder.html: Unclosed tag",
        ),
    ],
    ids=["missing", "broken"],
)
def test_a_pack_without_a_letter_stops_start_up(xx, change, message):
    change(xx / "xx" / "letters" / "law_reminder.html")
    with pytest.raises(PackError, match=message):
        apps.get_app_config("jurisdictions").ready()


def test_a_pack_whose_order_is_not_a_number_stops_start_up(xx):
    path = xx / "xx" / "pack.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "order: first\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"xx/pack\.yaml: order must be a whole number"):
        apps.get_app_config("jurisdictions").ready()


def test_a_code_longer_than_the_columns_stops_start_up(xx):
    (xx / "xx").rename(xx / "xxxxxxxxx")
    for name in ("pack.yaml", "notices.yaml"):
        path = xx / "xxxxxxxxx" / name
        path.write_text(
            path.read_text(encoding="utf-8").replace("code: xx", "code: xxxxxxxxx"),
            encoding="utf-8",
        )
    with pytest.raises(PackError, match=r"xxxxxxxxx/pack\.yaml: code must be at most 8"):
        apps.get_app_config("jurisdictions").ready()

"""A broken shipped protocol stops start-up with its file and line, as a broken pack does
(issue 12, point 3): the packs are read from a temporary JURISDICTION_PACKS_DIR."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.apps import apps

from relais.jurisdictions.packs import PACK_DIR, PackError
from relais.protocols.loader import all_protocols, default_protocol

pytestmark = pytest.mark.engine_neutral("sqlite")


@pytest.fixture
def packs(settings, tmp_path) -> Path:
    folder = tmp_path / "packs"
    shutil.copytree(PACK_DIR, folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    settings.JURISDICTION_PACKS_DIR = folder
    return folder


def start_up() -> None:
    apps.get_app_config("jurisdictions").ready()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if fragment in line)


def test_the_copied_packs_start(packs):
    start_up()
    assert default_protocol("be-fwb").key == "mouscron"


def test_a_step_with_an_unknown_role_stops_start_up_naming_file_and_line(packs):
    mouscron = packs / "be-fwb" / "protocols" / "mouscron.yaml"
    edit(
        mouscron,
        "    role: direction\n    record: checklist",
        "    role: teacher\n    record: checklist",
    )
    line = line_of(mouscron, "role: teacher")
    with pytest.raises(PackError) as refused:
        start_up()
    assert str(refused.value) == (
        f"be-fwb/protocols/mouscron.yaml: line {line}: step 'parents_meeting': unknown role "
        "'teacher' (known: direction, educator, association)"
    )


def test_every_error_of_the_broken_file_is_in_the_message(packs):
    phare = packs / "fr" / "protocols" / "phare.yaml"
    edit(phare, "delay: 15d", "delay: 15 days")
    edit(phare, "after: sc_review\n    delay: 3d", "after: sc_reveiw\n    delay: 3d")
    with pytest.raises(PackError) as refused:
        start_up()
    lines = str(refused.value).splitlines()
    assert [line.split(": ", 2)[1] for line in lines] == [
        f"line {line_of(phare, 'delay: 15 days')}",
        f"line {line_of(phare, 'after: sc_reveiw')}",
    ]
    assert "after 'sc_reveiw' names no step (did you mean 'sc_review'?)" in lines[1]


def test_a_pack_whose_default_is_not_one_of_its_protocols_stops_start_up(packs):
    edit(packs / "fr" / "pack.yaml", "protocol: phare", "protocol: mouscron")
    with pytest.raises(PackError, match=r"fr/pack\.yaml: protocol: 'mouscron' is not one of"):
        start_up()


def test_a_pack_with_two_protocols_must_name_its_default(packs):
    edit(packs / "be-fwb" / "pack.yaml", "protocol: mouscron\n", "")
    with pytest.raises(PackError, match=r"be-fwb/pack\.yaml: protocol: name the default"):
        start_up()


def test_a_pack_with_one_protocol_needs_not_name_it(packs):
    edit(packs / "fr" / "pack.yaml", "protocol: phare\n", "")
    start_up()
    assert default_protocol("fr").key == "phare"


def test_two_packs_cannot_hold_protocols_of_one_key(packs):
    shutil.copy(packs / "fr" / "protocols" / "phare.yaml", packs / "be-fwb" / "protocols")
    with pytest.raises(PackError, match=r"phare.yaml: the key 'phare' .* is taken by"):
        start_up()


def test_a_new_protocol_file_is_loaded_from_the_packs_folder(packs):
    source = PACK_DIR / "be-fwb" / "protocols" / "fwb-procedure.yaml"
    shutil.copy(source, packs / "be-fwb" / "protocols" / "my-school.yaml")
    start_up()
    assert all_protocols()["my-school"].jurisdiction == "be-fwb"

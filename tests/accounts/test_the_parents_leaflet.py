"""The parents' leaflet, printed from a case (GET /school/cases/<uuid>/leaflet.pdf): the pack's
French letter filled with the numbers of the relays of the directory that act in the school's
commune, the pack's numbers always; for the members of the case's school only (404 for anyone
else who may see cases); each printing audited. Read back with poppler's pdftotext."""

from __future__ import annotations

import subprocess

import pytest

from relais.accounts.models import Role
from relais.audit.models import AuditEvent
from relais.cases.models import Origin
from relais.cases.services import open_case
from relais.demo.loading import DIRECTORY_FILE
from relais.directory.models import Service
from relais.directory.selectors import areas_of
from relais.directory.services import load_directory_file
from tests.accounts.conftest import school_member
from tests.conftest import login_verified
from tests.factories import SchoolFactory, UserFactory


@pytest.fixture
def mouscron_directory(db):
    """The seed 002 directory, as `relais demo` loads it (area "Mouscron")."""
    load_directory_file(path=DIRECTORY_FILE)


def _case(school, head):
    return open_case(school=school, by=head, origin=Origin.PUPIL, summary="Élève A, 2e B.")


def _text(response, tmp_path) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "leaflet.pdf"
    pdf.write_bytes(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    result = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def _pages(response, tmp_path) -> int:
    pdf = tmp_path / "pages.pdf"
    pdf.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )


def _url(case) -> str:
    return f"/school/cases/{case.pk}/leaflet.pdf"


def test_a_mouscron_school_hands_the_leaflet_with_mouscron_s_relays(
    alice_head_client, alice_head, school, mouscron_directory, tmp_path
):
    case = _case(school, alice_head)

    text = _text(alice_head_client.get(_url(case)), tmp_path)

    assert "Document d'information à destination des parents des victimes" in text
    assert "Les relais près de chez vous" in text
    assert "CPMS Libre Mouscron 1 (centre PMS) — 056/39 16 20" in text
    assert "Service de Médiation Scolaire (médiation scolaire) — 0474/81 08 91" in text
    assert "Le pôle Psycho-social de la Police" in text
    # PMS centres first, as a school head calls them first.
    assert text.index("CPMS Libre Mouscron 1") < text.index("Service de Médiation Scolaire")
    # The pack's numbers, always.
    assert "Numéros utiles" in text and "103 — Écoute-Enfants" in text and "112" in text
    assert f"Document remis par {school.name}" in text and case.number in text
    assert "Élève A" not in text  # nothing of the case's content
    row = AuditEvent.objects.get(action="case.leaflet_generated")
    assert row.actor == alice_head and row.object_id == str(case.pk)


@pytest.mark.parametrize("jurisdiction", ["be-fwb", "fr"])
def test_the_leaflet_is_short_and_written_for_parents(
    client, school, fr_school, mouscron_directory, tmp_path, jurisdiction
):
    """Two pages at most, with the Mouscron relays' phones and e-mails and the helplines; no
    internal "à vérifier" note, no article nor penalty: one plain sentence about the law."""
    where = school if jurisdiction == "be-fwb" else fr_school
    if jurisdiction == "fr":  # a French school in a commune with one relay of its own
        where.city = "Rennes"
        where.save(update_fields=["city"])
        Service.objects.create(
            name="Maison des adolescents",
            kind="other",
            area="Rennes",
            jurisdiction="fr",
            phone="02 99 00 00 00",
            email="mda@example.org",
        )
    head = school_member(f"head.{jurisdiction}", where)
    response = login_verified(client, head).get(_url(_case(where, head)))

    text = _text(response, tmp_path)

    assert _pages(response, tmp_path) <= 2
    assert "vérifier" not in text.lower()
    assert "Peines encourues" not in text and "Code pénal" not in text and "article" not in text
    assert "est puni par la loi" in text
    assert "Ce que nous vous conseillons" in text and "Numéros utiles" in text
    if jurisdiction == "be-fwb":
        for service in Service.objects.filter(area="Mouscron"):
            assert service.name in text and service.phone in text and service.email in text
    else:
        assert "Maison des adolescents" in text and "mda@example.org" in text


def test_a_school_in_a_village_of_the_commune_gets_the_commune_s_relays(
    client, mouscron_directory, tmp_path
):
    school = SchoolFactory(name="École du Centre", city="Dottignies (Mouscron)", postcode="7711")
    head = school_member("head.dottignies", school)
    assert areas_of(school) == {"Dottignies (Mouscron)", "Dottignies", "Mouscron", "7711"}

    text = _text(login_verified(client, head).get(_url(_case(school, head))), tmp_path)

    assert "CPMS Libre Mouscron 1" in text


def test_without_local_relays_the_leaflet_keeps_the_pack_s_numbers(
    client, fr_school, mouscron_directory, tmp_path
):
    head = school_member("head.rennes", fr_school)
    Service.objects.create(name="Lointain", kind="pms", area="Mouscron", jurisdiction="fr")

    text = _text(login_verified(client, head).get(_url(_case(fr_school, head))), tmp_path)

    assert "Document d'information à l'attention des parents" in text
    assert "Les relais près de chez vous" not in text
    assert "CPMS" not in text and "Lointain" not in text  # another commune's, another country's
    assert "3018" in text and "119" in text


def test_an_educator_of_the_school_prints_it_too(
    educator_client, alice_head, school, mouscron_directory, tmp_path
):
    case = _case(school, alice_head)

    assert "CPMS Libre Mouscron 1" in _text(educator_client.get(_url(case)), tmp_path)


def test_nobody_but_the_school_s_members_gets_the_leaflet(
    client, alice_head, school, bob_head_client, alice_client, charlie_client, be_org
):
    case = _case(school, alice_head)
    cpms = Service.objects.create(
        name="CPMS Libre Mouscron 1", kind="pms", area="Mouscron", jurisdiction="be-fwb"
    )
    relay = UserFactory(username="rita", organisation=be_org, role=Role.RELAY, service=cpms)

    assert bob_head_client.get(_url(case)).status_code == 404
    assert alice_client.get(_url(case)).status_code == 404
    assert login_verified(client, relay).get(_url(case)).status_code == 404
    assert charlie_client.get(_url(case)).status_code == 403
    assert not AuditEvent.objects.filter(action="case.leaflet_generated").exists()


def test_an_unknown_case_is_404_and_a_stranger_is_asked_to_sign_in(
    client, alice_head_client, alice_head, school
):
    case = _case(school, alice_head)

    assert (
        alice_head_client.get(
            "/school/cases/00000000-0000-0000-0000-000000000000/leaflet.pdf"
        ).status_code
        == 404
    )
    assert client.get(_url(case))["Location"].startswith("/staff/login/")

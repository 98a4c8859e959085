"""One mailbox form sends several files: each is sealed or refused on its own, and the page says
which were kept and which were refused and why (issue 9, point 8). The API stays one file per
call."""

from __future__ import annotations

import io

from django.test import Client
from django.urls import reverse

from relais.evidence.models import EvidenceItem
from tests.evidence.conftest import api_upload, png, stored_files

ADD = "public:mailbox_evidence"


def _file(content: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def _send(client, *files, **fields):
    return client.post(reverse(ADD), {"file": list(files), **fields})


def test_the_form_takes_several_files(mailbox_client):
    page = mailbox_client.get(reverse("public:mailbox_files")).content.decode()
    assert 'type="file" name="file" id="id_file" multiple' in page


def test_when_every_file_is_kept_the_list_says_how_many(
    mailbox_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(mailbox_client, _file(png((20, 10)), "a.png"), _file(png(), "b.png"))
    assert response.status_code == 303
    assert response["Location"] == reverse("public:mailbox_files") + "?added=2#evidence"
    page = mailbox_client.get(response["Location"]).content.decode()
    assert 'id="evidence-added"' in page and "a.png" in page and "b.png" in page


def test_each_file_is_sealed_or_refused_on_its_own(
    mailbox_client, django_capture_on_commit_callbacks, vault
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(
            mailbox_client,
            _file(png((20, 10)), "one.png"),
            _file(b"MZ\x90\x00" + b"\x00" * 200, "program.png"),
            _file(png((30, 10)), "two.png"),
            platform="snapchat",
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 files were added and sealed" in page and "1 file was not added" in page
    sealed = page.split('id="sealed"')[1].split("</section>")[0]
    refused = page.split('id="refused"')[1].split("</section>")[0]
    assert "one.png" in sealed and "two.png" in sealed and "program.png" not in sealed
    assert "program.png" in refused and "This kind of file is not accepted" in refused
    items = EvidenceItem.objects.order_by("display_name")
    assert [(i.display_name, i.platform) for i in items] == [
        ("one.png", "snapchat"),
        ("two.png", "snapchat"),
    ]
    assert not any(name.startswith("pending/") for name in stored_files(vault))


def test_when_every_file_is_refused_the_status_says_so(mailbox_client, vault):
    response = _send(mailbox_client, _file(b"MZ\x90\x00" + b"\x00" * 200, "a.exe"))
    assert response.status_code == 415
    assert "a.exe" in response.content.decode()
    assert not EvidenceItem.objects.exists() and stored_files(vault) == []


def test_a_bad_field_keeps_none_of_the_files(mailbox_client, vault):
    response = _send(
        mailbox_client, _file(png(), "a.png"), _file(png(), "b.png"), occurred_at="2999-01-01"
    )
    assert response.status_code == 422
    assert not EvidenceItem.objects.exists() and stored_files(vault) == []


def test_more_files_than_allowed_are_refused_one_by_one(mailbox_client, settings, vault):
    files = [_file(png((10 + n, 10)), f"f{n}.png") for n in range(11)]
    response = _send(mailbox_client, *files)
    assert response.status_code == 200
    assert EvidenceItem.objects.count() == 10
    assert "Only 10 files can be sent at once" in response.content.decode()


def test_the_api_still_takes_one_file_per_call(mailbox_token, vault):
    response = Client().post(
        "/api/v1/mailbox/evidence",
        {"file": [_file(png((20, 10)), "a.png"), _file(png((30, 10)), "b.png")]},
        headers={"Authorization": f"Bearer {mailbox_token}"},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Send one file at a time. Nothing was kept."
    assert not EvidenceItem.objects.exists() and stored_files(vault) == []
    assert api_upload(Client(), mailbox_token, png(), "c.png").status_code == 201

"""detect_format tells the platform from a name and the first bytes."""

from pathlib import Path

import pytest

from relais.chatexports import detect_format

DATA = Path(__file__).parents[1] / "data" / "exports"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("relais/whatsapp_android_fr.txt", "whatsapp"),
        ("relais/whatsapp_ios_fr.txt", "whatsapp"),
        ("relais/whatsapp_ios_fr.zip", "whatsapp"),
        ("relais/whatsapp_android_en_12h.txt", "whatsapp"),
        ("relais/whatsapp_android_de.txt", "whatsapp"),
        ("relais/whatsapp_android_es.txt", "whatsapp"),
        ("chatminer_fixtures/test/whatsapp/test_yyyymmdd_24hrs.txt", "whatsapp"),
        ("chatminer_fixtures/test/signal/test_export.txt", "signal"),
        ("chatminer_fixtures/test/telegram/test_batch_export.json", "telegram"),
        ("chatminer_fixtures/test/telegram/test_single_export.json", "telegram"),
        ("chatminer_fixtures/test/instagram/test_export.json", "instagram"),
        ("sms_backup_restore_xml/devadvance/sample_mms.xml", "sms"),
        ("sms_backup_restore_xml/shruggietech/minimal_calls.xml", "sms"),
    ],
)
def test_each_sample_is_recognised(path, expected):
    file = DATA / path

    assert detect_format(file.name, file.read_bytes()[:65536]) == expected


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0"),
        ("notes.txt", "Bonjour, voici ce qui s'est passé.".encode()),
        ("data.json", b'{"hello": 1}'),
        ("page.xml", b"<html></html>"),
        ("empty.txt", b""),
    ],
)
def test_other_files_are_not_recognised(name, head):
    assert detect_format(name, head) is None


def test_a_name_settles_json_without_telling_keys():
    assert detect_format("result.json", b'{"name": "x"}') == "telegram"
    assert detect_format("message_1.json", b'{"title": "x"}') == "instagram"

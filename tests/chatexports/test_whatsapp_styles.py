"""Our own WhatsApp fixtures: Android and iOS, French, English 12 h, German, Spanish, and a zip."""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from relais.chatexports import parse_export

DATA = Path(__file__).parents[1] / "data" / "exports" / "relais"
PHOTO = "00000012-PHOTO-2024-03-12-14-05-33.jpg"


def rows(name, **kwargs):
    result = parse_export(DATA / name, tz=None, **kwargs)
    assert result.platform == "whatsapp"
    # These short fixtures hold no day above 12 and stay within one day: they are ambiguous,
    # and say so; the order they are read in is the guess the parser documents.
    assert result.problems == (
        [p for p in result.problems if "day first or month first" in p]
        if result.dates_ambiguous
        else []
    )
    assert len(result.problems) <= 1
    return [
        (e.occurred_at.isoformat(), e.author, e.kind, e.text, e.attachments) for e in result.events
    ]


def test_android_french_export_with_crlf_and_multi_line_messages():
    assert rows("whatsapp_android_fr.txt") == [
        (
            "2024-03-12T14:00:00",
            None,
            "system",
            "Les messages et les appels sont chiffrés de bout en bout. Aucun tiers, pas même "
            "WhatsApp, ne peut les lire ou les écouter. Appuyez pour en savoir plus.",
            (),
        ),
        ("2024-03-12T14:01:00", None, "system", "Léa a ajouté Tom", ()),
        (
            "2024-03-12T14:05:00",
            "Léa",
            "message",
            "Tu vas regretter d'être venue au collège demain",
            (),
        ),
        (
            "2024-03-12T14:06:00",
            "Tom",
            "message",
            "Arrête.\nTout le monde a vu ce que tu as écrit.\n\nJe garde tout.",
            (),
        ),
        (
            "2024-03-12T14:07:00",
            "Léa",
            "attachment",
            "IMG-20240312-WA0001.jpg (fichier joint)\nRegarde ça",
            ("IMG-20240312-WA0001.jpg",),
        ),
        ("2024-03-12T14:08:00", "Léa", "attachment", "<Médias omis>", ()),
        ("2024-03-12T14:09:00", "Léa", "deleted", "Ce message a été supprimé", ()),
        ("2024-03-13T08:15:00", "Tom", "message", "Il est 8 h 15\u202f!", ()),
    ]


IOS_FR = [
    (
        "2024-03-12T14:05:00",
        None,
        "system",
        "Classe 3B: Les messages et les appels sont chiffrés de bout en bout. Aucun tiers, "
        "pas même WhatsApp, ne peut les lire ou les écouter.",
        (),
    ),
    ("2024-03-12T14:05:10", None, "system", "Classe 3B: Léa a ajouté Tom", ()),
    ("2024-03-12T14:05:33", "Léa", "attachment", f"<joint : {PHOTO}>", (PHOTO,)),
    ("2024-03-12T14:06:02", "Tom", "message", "Supprime ça.\nMaintenant.", ()),
    ("2024-03-12T14:07:10", "Léa", "deleted", "Ce message a été supprimé.", ()),
    ("2024-03-12T14:08:00", "Léa", "attachment", "image absente", ()),
    (
        "2024-03-12T14:09:45",
        "Léa",
        "message",
        "Tu vas regretter d'être venue au collège demain",
        (),
    ),
]


def test_ios_french_export_with_direction_marks_and_seconds():
    assert rows("whatsapp_ios_fr.txt") == IOS_FR


def test_ios_zip_gives_the_same_events_and_carries_the_photo():
    assert rows("whatsapp_ios_fr.zip") == IOS_FR

    result = parse_export(DATA / "whatsapp_ios_fr.zip")

    assert list(result.attachments) == [PHOTO]
    assert result.attachments[PHOTO][:3] == b"\xff\xd8\xff"  # a JPEG


def test_english_12_hour_export_with_narrow_no_break_spaces():
    assert rows("whatsapp_android_en_12h.txt") == [
        (
            "2024-03-12T00:00:00",
            None,
            "system",
            "Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
            "WhatsApp, can read or listen to them. Tap to learn more.",
            (),
        ),
        ("2024-03-12T00:01:00", "Léa", "message", "You'll regret coming to school tomorrow", ()),
        ("2024-03-12T14:06:00", "Tom", "message", "Stop it.\nEveryone saw what you wrote.", ()),
        (
            "2024-03-12T23:58:00",
            "Léa",
            "attachment",
            "IMG-20240312-WA0002.jpg (file attached)",
            ("IMG-20240312-WA0002.jpg",),
        ),
        ("2024-03-12T23:59:00", "Léa", "attachment", "<Media omitted>", ()),
        ("2024-03-12T23:59:00", "Léa", "deleted", "This message was deleted", ()),
    ]


@pytest.mark.parametrize(
    ("name", "added", "attached", "omitted", "deleted"),
    [
        (
            "whatsapp_android_de.txt",
            "Léa hat Tom hinzugefügt",
            "IMG-20240312-WA0003.jpg (Datei angehängt)",
            "<Medien ausgeschlossen>",
            "Diese Nachricht wurde gelöscht",
        ),
        (
            "whatsapp_android_es.txt",
            "Léa añadió a Tom",
            "IMG-20240312-WA0004.jpg (archivo adjunto)",
            "<Multimedia omitido>",
            "Se eliminó este mensaje",
        ),
    ],
)
def test_german_and_spanish_exports(name, added, attached, omitted, deleted):
    events = rows(name)

    assert [e[2] for e in events] == [
        "system",
        "system",
        "message",
        "message",
        "attachment",
        "attachment",
        "deleted",
    ]
    assert all(e[0].startswith("2024-03-12T14:0") for e in events)
    assert events[1][3] == added
    assert events[3][1] == "Tom" and "\n" in events[3][3]
    assert events[4][3] == attached and events[4][4] == (attached.split(" ")[0],)
    assert events[5][3] == omitted
    assert events[6][3] == deleted


def test_wall_clock_times_take_the_given_zone_and_say_so():
    result = parse_export(DATA / "whatsapp_android_fr.txt", tz="Europe/Paris")

    first = result.events[0]
    assert first.occurred_at == datetime(2024, 3, 12, 14, 0, tzinfo=ZoneInfo("Europe/Paris"))
    assert first.zone_assumed
    assert first.line == 1


def test_the_default_zone_is_brussels():
    result = parse_export(DATA / "whatsapp_android_fr.txt")

    assert result.events[0].occurred_at.tzinfo == ZoneInfo("Europe/Brussels")

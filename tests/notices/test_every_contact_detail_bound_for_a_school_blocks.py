"""Text bound for a school besides the notice (a screenshot's OCR text, a text file) blocks on
every phone number, e-mail address and handle in it, not only the alert's own
(relais/notices/contacts.py, relais/notices/sharing.py); dates, times, prices and case numbers,
which a chat is full of too, do not block."""

from __future__ import annotations

from typing import Any

import pytest

from relais.notices.compose import check_notice
from relais.notices.contacts import contacts
from relais.notices.sharing import check_for_school
from relais.timeline.ocr import ocr_image
from tests.factories import make_alert
from tests.notices.test_redaction_ocr_for_school import screenshot


@pytest.fixture
def alert(be_org: Any, school: Any) -> Any:
    return make_alert(
        school,
        description="On l'insulte depuis la rentrée. Répondez-moi à maman.parent@example.org",
    ).alert


def found(text: str) -> list[tuple[str, str]]:
    return [(finding.kind, finding.text) for finding in contacts(text)]


@pytest.mark.parametrize(
    "number",
    [
        "0470 12 34 56",
        "0470/12.34.56",
        "0470123456",
        "+32 470 12 34 56",
        "+32470123456",
        "0032 470 12 34 56",
        "00 32 470 12 34 56",
        "+32 (0)2 123 45 67",
        "02/123.45.67",
        "02 123 45 67",
        "06 12 34 56 78",
        "06.12.34.56.78",
        "+33 6 12 34 56 78",
        "0033 6 12 34 56 78",
        "0033 (0)6 12 34 56 78",
    ],
)
def test_every_belgian_and_french_phone_number_is_found(number):
    assert found(f"appelle-moi au {number} ce soir") == [("phone", number)]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Léa 18:47\n0470 12 34 56", "0470 12 34 56"),  # a message's time on the line before
        ("07/12/2026 14:32 0612345678", "0612345678"),
        ("le 12/03 0470 12 34 56", "0470 12 34 56"),  # a day and month glued before
        ("Hier 2026-12-07 0470 12 34 56", "0470 12 34 56"),
        ("0470 12 34 56 12", "0470 12 34 56"),  # digits glued after
    ],
)
def test_a_number_run_into_a_date_or_a_time_is_still_found(text, number):
    assert found(text) == [("phone", number)]


def test_two_numbers_in_a_row_are_both_found():
    assert found("0470 12 34 56 0470 12 34 57") == [
        ("phone", "0470 12 34 56"),
        ("phone", "0470 12 34 57"),
    ]


def test_addresses_and_handles_are_found_once_each():
    text = (
        "écris à Nathan.B@gmail.com ou nathan.b@gmail.com, @lea_x2 t'attend, "
        "et instagram.com/tom.k aussi, @lea_x2"
    )
    assert found(text) == [
        ("email", "Nathan.B@gmail.com"),
        ("handle", "lea_x2"),
        ("handle", "tom.k"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Envoyé le 07/12/2026 à 14h30",
        "07/12/2026 14:32",
        "07.12.2026 08:15",
        "07-12-2026 08:15:32",
        "07/12/26 14:32",
        "2026-12-07 14:32",
        "Hier 18:47 07/12/2026 08 h",
        "18:07 07/12/2026",
        "14:32 07/12 15:01",
        "14/11/202618:47",  # a date glued to a time, or to a few digits
        "le 14.11.20260612 à 8h",
        "14-11-202612345678",
        "dossier 2026-14, alerte 4F0A12BC",
        "les 12,50 € et 1 250,00 € et 1.250.000 €",
        "3/4 des élèves, 25/30 en maths, année 2025-2026",
        "IBAN BE68 5390 0754 7034",
        "Mardi 8h30 à la récré",
    ],
)
def test_dates_times_prices_and_case_numbers_are_not_contact_details(text):
    assert found(text) == []


def test_a_number_an_address_and_a_handle_the_alert_never_gave_block(alert):
    text = "Nathan: 0470 12 34 56\nou nathan.b@gmail.com\nsur insta @nathan_b"

    check = check_for_school(alert, text)

    assert check.blocked
    assert {(f.kind, f.text) for f in check.findings} == {
        ("phone", "0470 12 34 56"),
        ("email", "nathan.b@gmail.com"),
        ("handle", "nathan_b"),
    }


def test_the_alert_s_own_identifier_is_listed_once(alert):
    check = check_for_school(alert, "écris à MAMAN.parent@example.org")

    assert [(f.kind, f.text) for f in check.findings] == [("email", "maman.parent@example.org")]


def test_confirming_a_word_never_lets_a_number_through(alert):
    check = check_for_school(alert, "appelle 0470 12 34 56", confirmed=["0470", "12", "34", "56"])

    assert check.blocked and [f.kind for f in check.findings] == ["phone"]


def test_a_chat_without_contact_details_does_not_block(alert):
    text = "18:47 t'es moche\n07/12/2026 14:32 personne ne t'aime\nça coûte 12,50 €"

    assert not check_for_school(alert, text).blocked


def test_a_notice_is_still_checked_against_the_alert_only(alert):
    # The notice's text is the case worker's own: a number they write there is theirs to judge.
    assert not check_notice(alert, "Signalement", "Appelez-nous au 02 123 45 67.").blocked


def test_a_chat_screenshot_s_number_and_handle_block_once_read(alert):
    # Drawn, then read by Debian's tesseract as an uploaded screenshot is (relais.timeline.ocr).
    lines = ["18:47", "appelle-moi au 0470 12 34 56", "07/12/2026 18:49", "sur insta @tom_k_08"]
    text = ocr_image(screenshot(lines)).text
    assert "0470 12 34 56" in text  # tesseract read the picture

    check = check_for_school(alert, text)

    assert check.blocked
    assert {(f.kind, f.text) for f in check.findings} >= {
        ("phone", "0470 12 34 56"),
        ("handle", "tom_k_08"),
    }
    assert [f.kind for f in check.findings].count("phone") == 1  # the date and times are not


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("wa.me/32470123456", ("url", "wa.me/32470123456")),
        ("écris-moi https://wa.me/32470123456.", ("url", "https://wa.me/32470123456")),
        ("https://wa.me/+33612345678?text=salut", ("url", "https://wa.me/+33612345678?text=salut")),
        ("WA.ME/32470123456", ("url", "WA.ME/32470123456")),
        (
            "api.whatsapp.com/send?phone=32470123456",
            ("url", "api.whatsapp.com/send?phone=32470123456"),
        ),
        (
            "https://api.whatsapp.com/send?phone=32470123456&text=hi",
            ("url", "https://api.whatsapp.com/send?phone=32470123456&text=hi"),
        ),
        ("wa.me/message/ABCDEF123", ("url", "wa.me/message/ABCDEF123")),
        ("chat.whatsapp.com/AbCdEf123", ("url", "chat.whatsapp.com/AbCdEf123")),
        (
            "web.whatsapp.com/send?phone=32470123456",
            ("url", "web.whatsapp.com/send?phone=32470123456"),
        ),
        ("m.me/lea.x", ("handle", "lea.x")),
        ("https://m.me/lea.x?ref=1", ("handle", "lea.x")),
    ],
)
def test_a_whatsapp_or_messenger_link_blocks(text, finding):
    # The number in a wa.me link is international without "+": it blocks as the link.
    assert found(text) == [finding]


@pytest.mark.parametrize(
    "text",
    [
        "t.me/lea_x",
        "https://t.me/lea_x",
        "snapchat.com/add/lea_x",
        "https://www.snapchat.com/add/lea_x",
        "instagram.com/lea_x",
        "https://www.instagram.com/lea_x/",
        "tiktok.com/@lea_x",
        "https://www.tiktok.com/@lea_x?lang=fr",
    ],
)
def test_a_profile_link_blocks_as_its_handle(text):
    assert found(f"ajoute-la : {text} !") == [("handle", "lea_x")]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("14/11/2026 18:470470123456", "0470123456"),  # OCR lost the space after the time
        ("18:47:120612345678", "0612345678"),
        ("Léa 9:050470 12 34 56", "0470 12 34 56"),
        ("14/11/20260470123456", "0470123456"),  # OCR lost the space after the date
        ("le 14.11.20260470 12 34 56", "0470 12 34 56"),
        ("14-11-20260612345678", "0612345678"),
        ("7/11/202606 12 34 56 78", "06 12 34 56 78"),
        ("14/11/202602 123 45 67", "02 123 45 67"),
        ("14.11.202618:470470123456", "0470123456"),  # and the space after the time
    ],
)
def test_a_number_glued_to_a_date_or_a_time_is_found(text, number):
    assert found(text) == [("phone", number)]


def test_a_number_glued_to_a_date_blocks(alert):
    check = check_for_school(alert, "Nathan 14/11/20260470123456 appelle-le")

    assert check.blocked
    assert [(f.kind, f.text) for f in check.findings] == [("phone", "0470123456")]


@pytest.mark.parametrize(
    "text",
    [
        "rdv @18h",
        "rdv @18H30 devant",
        "rdv @8h.",
        "@20h",
        "rdv @18:30",
        "rdv @18:30:00",
        "@ 18h",
        "@18 h30",
        "dans @15min",
        "@5 min",
        "at @3pm",
        "at @10:30am",
    ],
)
def test_a_time_after_an_at_sign_is_not_a_handle(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("rdv @home", "home"),
        ("@18hugo", "18hugo"),
        ("@18h_lea", "18h_lea"),
        ("@18h.lea", "18h.lea"),
        ("@2008", "2008"),
        ("@lea 18h", "lea"),
    ],
)
def test_a_handle_that_starts_like_a_time_is_still_one(text, handle):
    assert found(text) == [("handle", handle)]


def test_whatsapp_s_own_pages_are_not_contact_details():
    assert found("installe-le : https://www.whatsapp.com/download et whatsapp.com/fr") == []


def test_an_address_is_found_whatever_runs_of_letters_surround_it():
    # The e-mail pattern is bounded as addresses are (relais/notices/redaction.py): a long run of
    # digits no longer costs time in the square of its length, and an address is still found,
    # its part before the @ cut to the 64 characters an address may have.
    long_local = "x" * 70 + "@ecole.example"
    text = "0" * 50_000 + " écris à lea.martin@ecole.example ou " + long_local
    found = [f.text for f in contacts(text) if f.kind == "email"]
    assert found == ["lea.martin@ecole.example", "x" * 64 + "@ecole.example"]

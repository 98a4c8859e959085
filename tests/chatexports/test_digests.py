"""Event digests: documented canonical form, stable across runs and zones, distinct per event."""

import hashlib
from pathlib import Path

from relais.chatexports import parse_export

DATA = Path(__file__).parents[1] / "data" / "exports"
FR = DATA / "relais" / "whatsapp_android_fr.txt"


def test_the_digest_is_sha256_of_the_documented_canonical_json():
    event = parse_export(FR).events[2]

    canonical = (
        '{"attachments":[],"author":"Léa","platform":"whatsapp",'
        '"text":"Tu vas regretter d\'être venue au collège demain","time":"2024-03-12T14:05:00"}'
    )
    assert event.digest == hashlib.sha256(canonical.encode()).hexdigest()


def test_digests_are_stable_across_parses_and_do_not_depend_on_the_assumed_zone():
    first = [e.digest for e in parse_export(FR).events]
    again = [e.digest for e in parse_export(FR.read_bytes(), name_hint="x.txt", tz="UTC").events]
    naive = [e.digest for e in parse_export(FR, tz=None).events]

    assert first == again == naive


def test_every_event_of_a_chat_has_its_own_digest():
    digests = [e.digest for e in parse_export(FR).events]

    assert len(set(digests)) == len(digests)
    assert all(len(d) == 64 for d in digests)


def test_the_same_message_in_an_android_and_an_ios_export_differs_only_by_its_seconds():
    android = parse_export(b"12/03/2024 14:05 - L\xc3\xa9a: salut\n", name_hint="a.txt").events[0]
    ios = parse_export(b"[12/03/2024 14:05:00] L\xc3\xa9a: salut\n", name_hint="i.txt").events[0]

    assert android.digest == ios.digest


def test_instants_are_digested_in_utc():
    event = parse_export(
        DATA / "sms_backup_restore_xml" / "shruggietech" / "minimal_sms.xml"
    ).events[0]

    canonical = (
        '{"attachments":[],"author":"Alice Smith (+15551234567)","platform":"sms",'
        '"text":"Happy New Year! This is a test message.","time":"2021-01-01T00:00:00+00:00"}'
    )
    assert event.digest == hashlib.sha256(canonical.encode()).hexdigest()

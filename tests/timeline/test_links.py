"""Link captures accept plain web addresses only; the CSAM refusal says where to report."""

import pytest
from django.core.exceptions import ValidationError

from relais.timeline.links import MAX_URL_LENGTH, csam_refusal, validate_link


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.tiktok.com/@someone/video/1", "https://www.tiktok.com/@someone/video/1"),
        ("  HTTP://Example.ORG/Page?q=1#top ", "http://example.org/Page?q=1#top"),
        ("https://exemple.fr:8443/a", "https://exemple.fr:8443/a"),
        ("https://école.fr/harcèlement", "https://école.fr/harcèlement"),
        ("http://192.0.2.10/x", "http://192.0.2.10/x"),
        ("http://[2001:db8::1]/x", "http://[2001:db8::1]/x"),
    ],
)
def test_a_web_address_is_accepted(url, expected):
    assert validate_link(url) == expected


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("", "required"),
        ("javascript:alert(1)", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("ftp://example.org/x", "scheme"),
        ("data:text/html,hi", "scheme"),
        ("https://user:secret@example.org/", "credentials"),
        ("https://bank.example@evil.example/", "credentials"),
        ("https://exa mple.org/", "space"),
        ("https://example.org/\u200bx", "space"),
        ("https:///nohost", "invalid"),
        ("https://example.org:99999/", "invalid"),
        ("https://ex_ample!.org/", "invalid"),
        ("https://example.org/" + "a" * MAX_URL_LENGTH, "length"),
    ],
)
def test_other_addresses_are_refused_with_a_reason(url, code):
    with pytest.raises(ValidationError) as error:
        validate_link(url)

    assert error.value.code == code
    assert str(error.value.messages[0])


def test_in_france_the_refusal_points_to_pharos():
    refusal = csam_refusal("fr")

    assert refusal["where_to_report"] == [
        {"name": "Pharos", "url": "https://www.internet-signalement.gouv.fr"}
    ]
    assert "Only the address of the page is recorded" in str(refusal["reason"])


def test_in_wallonia_brussels_the_refusal_points_to_child_focus():
    urls = [line["url"] for line in csam_refusal("be-fwb")["where_to_report"]]

    assert urls == ["https://www.childfocus.be", "https://www.stopchildporno.be"]


def test_an_unknown_jurisdiction_gets_every_reporting_service():
    names = [line["name"] for line in csam_refusal("xx")["where_to_report"]]

    assert names[0] == "Pharos" and "Child Focus" in names

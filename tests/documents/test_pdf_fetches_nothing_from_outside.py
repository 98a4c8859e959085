"""The PDF renderer fetches nothing from the network or from files outside the project."""

from __future__ import annotations

import pytest

from relais.documents.pdf import RefusedURL, make_fetcher, render_pdf
from tests.documents.conftest import pdf_text


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/tracker.png",
        "https://example.org/font.woff",
        "file:///etc/passwd",
        "file:///proc/self/environ",
        "ftp://127.0.0.1/x",
        "relais-blob:thumb/unknown",
    ],
)
def test_the_fetcher_refuses(url):
    with pytest.raises(RefusedURL):
        make_fetcher({}).fetch(url)


def test_the_fetcher_accepts_data_uris_and_the_fonts():
    fetcher = make_fetcher({})
    assert fetcher.fetch("data:text/plain;base64,aGk=").read() == b"hi"
    from relais.documents.pdf import _font_files

    regular, _bold = _font_files()["Relais Sans"]
    assert fetcher.fetch(regular.as_uri()).read()[:4] in {b"\x00\x01\x00\x00", b"true"}


def test_a_template_naming_outside_urls_still_renders_without_them():
    html = (
        '<html lang="fr"><head><title>t</title>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body>'
        '<p>Bonjour</p><img src="file:///etc/passwd" alt="">'
        '<img src="http://127.0.0.1:9/a.png" alt="">'
        "</body></html>"
    )
    assert "Bonjour" in pdf_text(render_pdf(html))

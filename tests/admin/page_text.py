"""What a reader sees of an admin page: its title, its heading and the words of its body, one
block (cell, paragraph, item, label...) a line, so that two table headers side by side do not
read as one sentence. Scripts, styles and hidden inputs are left out; the labels of buttons (an
<input type=submit> shows its value) and the titles and labels read aloud are in."""

from __future__ import annotations

import re
from html.parser import HTMLParser

WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
BLOCKS = {
    *("a", "button", "caption", "dd", "div", "dt", "fieldset", "h1", "h2", "h3", "h4"),
    *("label", "legend", "li", "nav", "option", "p", "section", "td", "th", "title", "tr"),
    *("br", "header", "footer", "main", "table", "ul", "ol", "form", "select", "span"),
}
UNREAD = ("script", "style", "template")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.h1: list[str] = []
        self.skipping = 0
        self.where: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNREAD:
            self.skipping += 1
        if tag in BLOCKS:
            self.parts.append("\n")
        values = dict(attrs)
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.parts.append(f"\n{values['value']}\n")
        for name in ("title", "aria-label", "placeholder"):
            if values.get(name):
                self.parts.append(f"\n{values[name]}\n")
        if tag in ("title", "h1"):
            self.where.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in UNREAD:
            self.skipping -= 1
        if tag in BLOCKS:
            self.parts.append("\n")
        if tag in ("title", "h1") and self.where:
            self.where.pop()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        self.parts.append(data)
        if "title" in self.where:
            self.title.append(data)
        if "h1" in self.where:
            self.h1.append(data)


def _lines(parts: list[str]) -> str:
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def read(html: str) -> tuple[str, str, str]:
    """(the page's <title>, its <h1>, everything a reader sees, a block a line)."""
    reader = _Reader()
    reader.feed(html)
    return (
        " ".join(" ".join(reader.title).split()),
        " ".join(" ".join(reader.h1).split()),
        _lines(reader.parts),
    )


def words(text: str) -> set[str]:
    """The words of `text`, in lower case; identifiers, dates, digests and masked secrets
    (anything with a digit or a star: "fd7061e4-f7d0-…", "Jg******") are not words."""
    found: set[str] = set()
    for token in text.split():
        if not any(character.isdigit() or character == "*" for character in token):
            found |= {word.lower() for word in WORD.findall(token)}
    return found

"""Neutral URL parts for the reporter's pages: a browser's history must not say what they are.

A document's kind ("police_summary", "registered_letter") would tell anyone who scrolls through a
shared phone's history what the family is doing; the URL carries its position instead.
"""

from __future__ import annotations

from relais.documents.models import LetterKind


class DocumentKindConverter:
    """``/my/papers/3/`` for the third kind of document. Old links with the kind's own name are
    still read, but every URL we write uses the number."""

    regex = "[0-9]{1,2}|[a-z_]{1,40}"

    def to_python(self, value: str) -> str:
        kinds = list(LetterKind.values)
        if value.isdigit():
            position = int(value)
            if not 1 <= position <= len(kinds):
                raise ValueError(value)
            return kinds[position - 1]
        if value not in kinds:
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return str(list(LetterKind.values).index(value) + 1)

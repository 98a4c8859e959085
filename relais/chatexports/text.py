"""The library's sentences: written in English, translated at the moment they are read.

The library imports nothing from Django, yet what it says reaches families in their language.
A sentence is marked `_("...")` (xgettext's own keyword, so `makemessages` collects it into
Relais's catalogues like any other) and stays a `Sentence` until `str()` or `%` turns it into
text, in the language of that moment, as Django's `gettext_lazy` does. The function that
translates is the application's: `translate_with(gettext)` (relais.timeline does it when it
starts). Until then, and in a program that never calls it, the sentences stay in English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def _english(message: str) -> str:
    return message


_translate: Callable[[str], str] = _english


def translate_with(function: Callable[[str], str]) -> None:
    """Translate every sentence of the library with `function` (a `gettext`) from now on."""
    global _translate
    _translate = function


class Sentence:
    """A message id, translated each time it is turned into text; `%` formats it at once (and
    gives a str), `with_values` keeps the values for later (and gives a Sentence)."""

    __slots__ = ("message", "values")

    def __init__(self, message: str, values: Mapping[str, Any] | None = None) -> None:
        self.message = message
        self.values = values

    def __str__(self) -> str:
        text = _translate(self.message)
        if self.values is None:
            return text
        return text % {key: str(value) for key, value in self.values.items()}

    def __mod__(self, values: Any) -> str:
        return str(self) % values

    def with_values(self, **values: Any) -> Sentence:
        return Sentence(self.message, values)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sentence | str):
            return str(self) == str(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return f"Sentence({self.message!r})"


def _(message: str) -> Sentence:
    """Mark a sentence for the catalogues; it is translated when read (see the module's doc)."""
    return Sentence(message)


class Either:
    """ "A, B or C" in the language of the moment: the names, then the last after "or"."""

    def __init__(self, names: list[Sentence | str]) -> None:
        self.names = names

    def __str__(self) -> str:
        words = [str(name) for name in self.names]
        if len(words) < 2:
            return "".join(words)
        return _("%(names)s or %(last)s") % {"names": ", ".join(words[:-1]), "last": words[-1]}

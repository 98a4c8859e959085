"""The redaction check: what in a notice could tell the school who reported or who is bullied.

Two passes, both pure functions over text:

- ``identifiers(...)`` collects what identifies people in the alert and its messages (e-mail
  addresses, phone numbers, @handles and profile URLs, personal names); ``findings(notice, ids)``
  lists those that appear in the notice. Sending is blocked while the list is not empty.
- ``possible_names(notice, ...)`` runs the French named-entity recogniser (ner.py) on the notice
  itself: a name nobody wrote in the alert (the case worker typed it) is caught there. Each one
  blocks sending until it is removed or the case worker confirms, item by item, that it is not a
  name. Words known not to be names (the school, its city, platforms, months, categories, the
  template's own words) are never listed.
- ``details.classes(notice, ...)`` lists a school class ("5e B", the alert's own class): it
  narrows the pupils down to a few, so it blocks like a name. ``details.warnings(notice)`` flags
  other details (a grade, a time, a place) that could let a school guess the victim; not
  blocking: a notice sometimes needs them, and the case worker decides.
- ``mask(text, items)`` blanks identifiers out of the e-mails that follow a notice (reminders,
  escalations), which nobody reviews before they leave.

Names in the alert come from two sources: the recogniser, which catches a name at the start of a
sentence ("Léa a peur"), and a capitalisation heuristic, kept for what the model misses. Matching
ignores case and accents. Both are deliberately generous: a false alarm costs a click, a leaked
name can cost a child.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

from relais.notices import ner
from relais.notices.not_names import NOT_NAMES, STOP_WORDS
from relais.schools.models import fold

# Bounded as addresses are (64 characters before the @, 63 a label): unbounded, a long run of
# letters or digits with no @ took time in the square of its length (200 000 zeros: minutes).
EMAIL_RE = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+", re.UNICODE)
# French and Belgian numbers: 0X XX XX XX XX, 04XX XX XX XX, 0X XXX XX XX, with +33 / +32 / 0033 /
# 0032 prefixes and spaces, dots, dashes or slashes between groups.
PHONE_RE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[\s./-]?\(?\d\)?){7,13}(?!\w)")
HANDLE_RE = re.compile(r"(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)")
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"')]+", re.IGNORECASE)
PROFILE_HOSTS = (
    "instagram.com",
    "tiktok.com",
    "snapchat.com",
    "facebook.com",
    "fb.com",
    "x.com",
    "twitter.com",
    "youtube.com",
    "discord.gg",
    "discord.com",
    "t.me",
    "roblox.com",
    "twitch.tv",
)
WORD_RE = re.compile(r"[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*", re.UNICODE)
# "Lucas M." or "Inès B.": a first name and an initial.
INITIAL_RE = re.compile(r"\b([A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:-[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?)\s+[A-Z]\.")
# "M. Bernard": the period of a title or an initial does not end a sentence.
ABBREVIATION_RE = re.compile(r"(?:^|\W)(?:M|Mme|Mlle|Mr|Dr|Pr|Me|St|Ste|[A-Z])\.$")
SENTENCE_END = '.!?:;\n«»"“”()[]-\u2013\u2014•*'


# "redaction": the kinds are short words that mean other things elsewhere (a class, a time).
KIND_LABELS = {
    "email": pgettext_lazy("redaction", "e-mail"),
    "phone": pgettext_lazy("redaction", "phone"),
    "handle": pgettext_lazy("redaction", "handle"),
    "url": pgettext_lazy("redaction", "link"),
    "name": pgettext_lazy("redaction", "name"),
    "possible_name": pgettext_lazy("redaction", "possible name"),
    "class": pgettext_lazy("redaction", "class"),
    "time": pgettext_lazy("redaction", "time"),
    "place": pgettext_lazy("redaction", "place"),
}
MASK = "[…]"


@dataclass(frozen=True)
class Finding:
    kind: str  # "email", "phone", "handle", "url", "name"; "possible_name" from the recogniser
    text: str  # as it appears in the alert (in the notice for a possible name)

    @property
    def label(self) -> str:
        return self.text

    @property
    def kind_label(self) -> str:
        """The kind in the reader's language ("nom", "pseudo"…)."""
        return str(KIND_LABELS.get(self.kind, self.kind))


@dataclass(frozen=True)
class Warning:
    kind: str  # "class", "time", "place"
    text: str  # as it appears in the notice

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.kind, self.kind))


def _digits(phone: str) -> str:
    """A phone number reduced to its national digits: +32 470 12 34 56 -> 0470123456."""
    digits = re.sub(r"\D", "", phone)
    for prefix in ("0033", "0032", "33", "32"):
        if phone.lstrip().startswith(("+", "00")) and digits.startswith(prefix):
            return "0" + digits[len(prefix) :].lstrip("0")
    return digits


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"\D", "", candidate)
    return 9 <= len(digits) <= 13 and (candidate.startswith(("+", "00")) or digits[0] == "0")


def _url_key(url: str) -> str:
    url = re.sub(r"^(?:https?://)?(?:www\.|m\.)?", "", url.strip(), flags=re.IGNORECASE)
    return fold(url.rstrip("/.,;"))


def _profile_name(url: str) -> str:
    """The user name in a profile URL (instagram.com/lea.x -> lea.x), or ''."""
    key = _url_key(url)
    for host in PROFILE_HOSTS:
        if key.startswith(host + "/"):
            rest = key[len(host) + 1 :].split("?")[0].split("/")
            name = rest[0].lstrip("@")
            if name in {"p", "reel", "watch", "status", "channel", "c", "user", "add", "invite"}:
                name = rest[1].lstrip("@") if len(rest) > 1 else ""
            return name if len(name) >= 3 else ""
    return ""


def _names(text: str, ignore: frozenset[str]) -> set[str]:
    """Capitalised words not at a sentence's start and not common words, plus "Prénom N."."""
    found: set[str] = set()
    for match in WORD_RE.finditer(text):
        word = match.group()
        if not word[0].isupper() or len(word) < 2:
            continue
        if word.isupper() and len(word) <= 4:
            continue  # acronyms: CPMS, PMS, CPE
        folded = fold(word)
        if folded in STOP_WORDS or folded in ignore:
            continue
        before = text[: match.start()].rstrip()
        if not before or (before[-1] in SENTENCE_END and not ABBREVIATION_RE.search(before)):
            continue
        found.add(word)
    found.update(m.group(1) for m in INITIAL_RE.finditer(text) if fold(m.group(1)) not in ignore)
    return found


def _not_a_name(word: str, ignore: frozenset[str]) -> bool:
    """A word known not to be a person's name: common, a category, the school's, an acronym."""
    if (word.isupper() and len(word) <= 4) or any(c.isdigit() for c in word):
        return True  # acronyms (CPMS), references (4F0A12BC); handles are caught on their own
    parts = [fold(part) for part in WORD_RE.findall(word)]
    return not parts or all(part in NOT_NAMES or part in ignore for part in parts)


def _recognised_names(text: str, ignore: frozenset[str]) -> dict[str, bool]:
    """The recogniser's candidates that are not known non-names, with whether it is sure."""
    found = ner.candidates(text)
    return {word: sure for word, sure in found.items() if not _not_a_name(word, ignore)}


def folded_words(texts: Iterable[str]) -> frozenset[str]:
    """Every word of the texts, folded: what ``ignore`` arguments are made of."""
    return frozenset(fold(w) for text in texts for w in WORD_RE.findall(text or ""))


def _phones(text: str) -> list[str]:
    return [phone.strip() for phone in PHONE_RE.findall(text) if _is_phone(phone.strip())]


def contact_details(
    text: str, phones: Callable[[str], Iterable[str]] = _phones
) -> tuple[list[Finding], str]:
    """The e-mail addresses, links, phone numbers (found by ``phones`` in the text without
    addresses and links) and handles (@name, a profile link's name) in the text, in the order
    found, and the text without its addresses and links (where names are looked for)."""
    found: list[Finding] = [Finding("email", email) for email in EMAIL_RE.findall(text)]
    without_emails = EMAIL_RE.sub(" ", text)
    for url in URL_RE.findall(without_emails):
        found.append(Finding("url", url.rstrip(".,;")))
        name = _profile_name(url)
        if name:
            found.append(Finding("handle", name))
    without_urls = URL_RE.sub(" ", without_emails)
    found += [Finding("phone", phone) for phone in phones(without_urls)]
    found += [Finding("handle", handle) for handle in HANDLE_RE.findall(without_urls)]
    for host in PROFILE_HOSTS:
        for m in re.finditer(rf"\b{re.escape(host)}/[^\s<>\"')]+", without_urls, re.I):
            found.append(Finding("url", m.group().rstrip(".,;")))
            name = _profile_name(m.group())
            if name:
                found.append(Finding("handle", name))
    return found, without_urls


def identifiers(
    texts: Iterable[str], *, people: Iterable[str] = (), ignore: Iterable[str] = ()
) -> list[Finding]:
    """Everything in the alert's texts that could identify someone.

    ``people`` are strings that are names by definition (the reporter's name): every word in them
    counts. ``ignore`` lists words that are not names here (the school's name and city).
    """
    ignored = folded_words(ignore)
    found: dict[tuple[str, str], Finding] = {}
    plain: list[str] = []

    def add(kind: str, text: str) -> None:
        key = (kind, fold(text))
        found.setdefault(key, Finding(kind, text))

    for text in texts:
        if not text:
            continue
        details, without_urls = contact_details(text)
        for item in details:
            add(item.kind, item.text)
        for name in _names(without_urls, ignored):
            add("name", name)
        plain.append(without_urls)
    # One pass of the recogniser over all the texts (an alert can hold hundreds of messages);
    # the blank lines between them start new sentences.
    for name, sure in _recognised_names("\n\n".join(plain), ignored).items():
        # A word the model only puts in a place or an organisation ("Cantine") is asked about if
        # it appears in the notice, rather than blocking it.
        add("name" if sure else "possible_name", name)
    for person in people:
        for word in WORD_RE.findall(person or ""):
            if len(word) >= 2 and fold(word) not in STOP_WORDS:
                add("name", word)
    names = {key for kind, key in found if kind == "name"}
    kept = [f for (kind, key), f in found.items() if kind != "possible_name" or key not in names]
    return sorted(kept, key=lambda f: (f.kind, fold(f.text)))


def split_findings(
    found: Iterable[Finding], confirmed: Iterable[str] = ()
) -> tuple[list[Finding], list[Finding]]:
    """Findings that block, and possible names to ask about (less those ``confirmed``)."""
    skip = folded_words(confirmed)
    blocking = [f for f in found if f.kind != "possible_name"]
    possible = [f for f in found if f.kind == "possible_name" and fold(f.text) not in skip]
    return blocking, possible


def possible_names(
    notice: str,
    found: Iterable[Finding] = (),
    *,
    ignore: Iterable[str] = (),
    confirmed: Iterable[str] = (),
) -> list[Finding]:
    """Names the recogniser sees in the notice that the alert did not give.

    ``found`` are the findings already listed (not repeated); ``ignore`` texts whose words are not
    names here (the school, its city, the template's own text); ``confirmed`` words the case
    worker has confirmed are not names.
    """
    skip = folded_words(ignore) | {fold(word) for word in confirmed}
    listed = {fold(item.text) for item in found}
    text = URL_RE.sub(" ", EMAIL_RE.sub(" ", notice))
    result: dict[str, Finding] = {}
    for word in _recognised_names(text, skip):
        key = fold(word)
        if key not in skip and key not in listed:
            result.setdefault(key, Finding("possible_name", word))
    return list(result.values())


def folded_with_places(text: str) -> tuple[str, list[int]]:
    """fold(text), and for each of its characters the index of the character it comes from."""
    chars: list[str] = []
    places: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        chars.append(folded)
        places += [index] * len(folded)
    return "".join(chars), places


def unconfirmed(possible: Iterable[Finding], confirmed: Iterable[str]) -> list[Finding]:
    """The possible names the case worker has not confirmed are not names."""
    keys = {fold(word.strip()) for word in confirmed}
    return [item for item in possible if fold(item.text) not in keys]


def mask(text: str, items: Iterable[Finding]) -> tuple[str, int]:
    """The text with every occurrence of the items replaced by MASK, and how many were replaced.

    Phone numbers are matched by their digits whatever their spacing; the rest ignoring case and
    accents, as ``findings`` matches them.
    """
    folded, places = folded_with_places(text)
    spans: list[tuple[int, int]] = []
    for item in items:
        if item.kind == "phone":
            target = _digits(item.text)
            spans += [m.span() for m in PHONE_RE.finditer(text) if _digits(m.group()) == target]
            continue
        if item.kind in ("email", "url"):
            pattern = re.compile(re.escape(fold(item.text)))
        else:
            pattern = word_pattern(item.text)
        for m in pattern.finditer(folded):
            if m.end() > m.start():
                spans.append((places[m.start()], places[m.end() - 1] + 1))
    out: list[str] = []
    position = count = 0
    for start, end in sorted(spans):
        if start < position:
            continue  # overlaps a span already masked
        out += [text[position:start], MASK]
        position = end
        count += 1
    out.append(text[position:])
    return "".join(out), count


def word_pattern(text: str) -> re.Pattern[str]:
    # Not inside a longer word, an e-mail address or a domain; "@" may precede a handle.
    return re.compile(rf"(?<![\w.]){re.escape(fold(text))}(?![\w@]|\.\w)")


def findings(notice: str, ids: Iterable[Finding]) -> list[Finding]:
    """The identifiers from the alert that appear in the notice text."""
    folded = fold(notice)
    phones = {_digits(p) for p in PHONE_RE.findall(notice) if _is_phone(p.strip())}
    compact = re.sub(r"\D", "", notice)
    urls = {_url_key(u) for u in URL_RE.findall(notice)}
    hits: list[Finding] = []
    for item in ids:
        if item.kind == "phone":
            digits = _digits(item.text)
            hit = digits in phones or (len(digits) >= 9 and digits[1:] in compact)
        elif item.kind == "url":
            key = _url_key(item.text)
            hit = key in urls or key in folded
        elif item.kind == "email":
            hit = fold(item.text) in folded
        else:
            hit = bool(word_pattern(item.text).search(folded))
        if hit:
            hits.append(item)
    return hits

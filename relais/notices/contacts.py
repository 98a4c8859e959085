"""Every contact detail in a text bound for a school, whoever it belongs to.

A notice is checked against the alert's own identifiers (redaction.py): its text is written and
read by the case worker. The text of an item shared with the school (a screenshot's OCR text, a
text file) is read by nobody before it goes, and a chat is full of identifiers the alert never
gave: the child's number, the harasser's handle. So there every phone number, e-mail address and
handle blocks, as the alert's own do (``contacts``).

Phone numbers are cut with the notices' PHONE_RE, but a screenshot's text runs them into what
surrounds them: a message's time on the line before ("18:47\\n0470 12 34 56"), a date
("07/12/2026 14:32" reads as ten digits from 0). Dates and times are blanked first, and a run of
digit groups that is not a number as a whole is searched for one inside it (``phone_numbers``).
OCR also drops the space after a date or a time ("14/11/20260470123456", "18:470470123456"): a
date (with its four-digit year) or a time glued to digits is blanked too.

A link that names someone's account or number blocks: a profile link as its handle
(contact_details), Messenger's m.me/<name> too, and a WhatsApp link (wa.me/32470123456,
api.whatsapp.com/send?phone=...) as the link, its number being written without "+" or a 0.
"@18h", "@18:30", "@15min" are times, not handles.
"""

from __future__ import annotations

import re

from relais.notices.redaction import PHONE_RE, Finding, _digits, contact_details
from relais.schools.models import fold

CONTACT_KINDS = ("email", "phone", "handle")

# 07/12/2026, 7.12.2026, 07-12-2026; 07/12/26 only with slashes, as "06.12.34 56 78" is a number.
_DATE = r"(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|1[0-2])\1(?:19|20)\d{2}"
_SHORT_DATE = r"(?:0?[1-9]|[12]\d|3[01])/(?:0?[1-9]|1[0-2])/\d{2}"
_ISO_DATE = r"(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
_TIME = r"(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?"
DATE_TIME_RE = re.compile(
    rf"(?<![\d./-])(?:{_DATE}|{_SHORT_DATE}|{_ISO_DATE}|{_TIME})(?![./:-]?\d)"
)
# A date or a time glued to the digits after it, as OCR leaves "14/11/2026" or "18:47" before
# "0470123456". Only a four-digit year: "06.12.34 56 78" is a number, "14/11/26" stays whole.
GLUED_DATE_RE = re.compile(rf"(?<![\d./:-]){_DATE}(?=\d)")
GLUED_TIME_RE = re.compile(rf"(?<![\d./:-]){_TIME}(?=\d)")
# "@18h", "@18 h30", "@18:30", "@15min", "@3pm": the whole would-be handle is a time (not
# "@18hugo", "@18h.lea"; "@2008" may be a name's digits and stays a handle).
_AMPM = r"\s?[aApP]\.?[mM]\.?"
_AT_TIME_RE = re.compile(
    rf"(?<![\w@.])@(?=(?:(?:[01]?\d|2[0-3])(?:\s?[hH](?:[0-5]\d)?|:[0-5]\d(?::[0-5]\d)?(?:{_AMPM})?"
    rf"|{_AMPM})|\d{{1,3}}\s?(?:mins?|mn))(?!\w|\.\w))"
)
_LINK_TAIL = r"[^\s<>\"')]"  # as redaction.URL_RE reads a link
# WhatsApp links that name a number, an account or a group (wa.me/..., a "send" link, a group's
# invitation): the link is what blocks (url). Not its other pages (whatsapp.com/download).
WHATSAPP_LINK_RE = re.compile(
    rf"(?<![\w.@/-])(?:https?://)?(?:www\.)?(?:wa\.me/{_LINK_TAIL}+"
    rf"|(?:api\.|web\.)?whatsapp\.com/send\b{_LINK_TAIL}*|chat\.whatsapp\.com/{_LINK_TAIL}+)",
    re.IGNORECASE,
)
# Messenger's m.me/<name> (not in redaction.PROFILE_HOSTS: its key drops a leading "m.").
MESSENGER_LINK_RE = re.compile(
    rf"(?<![\w.@/-])(?:https?://)?(?:www\.)?m\.me/([\w.]+){_LINK_TAIL}*", re.IGNORECASE
)
# The groups of digits of a PHONE_RE match: "+32", "(0)2", "470".
_GROUP_RE = re.compile(r"\+?\d[\d()]*")


def _plausible(span: str) -> bool:
    """A Belgian or French number (9 or 10 digits from 0, or after +32/+33/0032/0033), or a
    number with another country's prefix."""
    digits = re.sub(r"\D", "", span)
    if span.startswith(("+", "00")):
        national = _digits(span)
        if national != digits:  # +32, +33: read as the national number
            return 9 <= len(national) <= 10
        country = digits[2:] if span.startswith("00") else digits
        return 10 <= len(country) <= 15  # the longest a number is (E.164), with its prefix
    return digits.startswith("0") and 9 <= len(digits) <= 10


def _within(candidate: str) -> tuple[list[tuple[int, int]], int]:
    """Where the numbers are in a run of digit groups, and where to look on from. From the
    leftmost group, the longest that is a number, unless one starting inside it runs to the end
    ("12/03 0470 12 34 56": a date is glued before a number more often than digits after it)."""
    groups = list(_GROUP_RE.finditer(candidate))

    def span(start: int, end: int) -> str:
        return candidate[groups[start].start() : groups[end - 1].end()]

    found: list[tuple[int, int]] = []
    start = 0
    while start < len(groups):
        end = next((e for e in range(len(groups), start, -1) if _plausible(span(start, e))), 0)
        if not end:
            start += 1
            continue
        if end < len(groups):
            start = next(
                (s for s in range(start + 1, end) if _plausible(span(s, len(groups)))), start
            )
            if _plausible(span(start, len(groups))):
                end = len(groups)
        found.append((groups[start].start(), groups[end - 1].end()))
        start = end
    if found and found[-1][1] < len(candidate):
        return found, found[-1][1]  # PHONE_RE stops at 14 digits: the rest may start a number
    if not found and len(groups) > 1:
        return found, groups[1].start()  # one may start inside and run on past the match
    return found, len(candidate)


def phone_numbers(text: str) -> list[str]:
    """Every phone number in the text, dates and times aside."""
    # The glued date first: "14/11/202618:47" leaves a time that is blanked next.
    blanked = DATE_TIME_RE.sub(" ", GLUED_DATE_RE.sub(" ", text))
    blanked = GLUED_TIME_RE.sub(" ", blanked)
    found: list[str] = []
    position = 0
    while match := PHONE_RE.search(blanked, position):
        spans, on = _within(match.group())
        found += [match.group()[start:end] for start, end in spans]
        position = match.start() + on
    return found


def key(finding: Finding) -> tuple[str, str]:
    """What makes two findings one: a phone's digits, the rest ignoring case and accents."""
    if finding.kind == "phone":
        return finding.kind, _digits(finding.text)
    return finding.kind, fold(finding.text.lstrip("@"))


def _chat_links(text: str) -> tuple[list[Finding], str]:
    """WhatsApp links (as links) and m.me links (as their name's handle), and the text without
    them, so that a wa.me link's number is not listed a second time."""
    found = [Finding("url", m.group().rstrip(".,;")) for m in WHATSAPP_LINK_RE.finditer(text)]
    text = WHATSAPP_LINK_RE.sub(" ", text)
    for m in MESSENGER_LINK_RE.finditer(text):
        name = m.group(1).rstrip(".")
        found.append(Finding("handle", name) if len(name) >= 3 else Finding("url", m.group()))
    return found, MESSENGER_LINK_RE.sub(" ", text)


def contacts(text: str) -> list[Finding]:
    """Every phone number, e-mail address, handle (@name, a profile link's name) and WhatsApp
    link in the text, once each, in the order found."""
    links, rest = _chat_links(_AT_TIME_RE.sub(" ", text))
    found, _rest = contact_details(rest, phone_numbers)
    unique: dict[tuple[str, str], Finding] = {}
    for finding in links + found:
        if finding.kind in CONTACT_KINDS or finding in links:
            unique.setdefault(key(finding), finding)
    return list(unique.values())

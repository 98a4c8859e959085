"""SMS Backup & Restore (SyncTech) XML: <smses> with <sms> and <mms>, or a <calls> call log.

Read as a stream with defusedxml's SAX parser: no DTD, no entity declarations, no external
references. Conventions of the app: `date` is milliseconds since the epoch (UTC); an <sms> `type`
is 1 received, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued; an <mms> `msg_box` follows the same
numbers; an <addr> `type` 137 is the sender; "null" stands for an absent value. Received messages
are authored by "contact name (number)", sent ones by OWNER.
"""

from __future__ import annotations

import base64
import binascii
import io
import posixpath
import re
from typing import IO, Any
from xml.sax import SAXException, SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesImpl, Locator

import defusedxml
import defusedxml.sax

from .base import MAX_XML_BYTES, OWNER, ChatEvent, ExportError, Kind, ParseResult, from_epoch
from .stream import Head, LimitedReader, Reading
from .text import _

_ROOT = re.compile(rb"<(?:smses|calls)[\s>/]")

_SENT = {"2", "4", "5", "6"}
_DRAFT = "3"
_CALLS = {
    "1": "Incoming call",
    "2": "Outgoing call",
    "3": "Missed call",
    "4": "Voicemail",
    "5": "Rejected call",
    "6": "Blocked call",
}


def recognise(head: Head) -> float:
    """XML whose root is SMS Backup & Restore's (<smses> or <calls>)."""
    return 1 if head.container == "xml" and _ROOT.search(head.body) else 0


def read(reading: Reading, result: ParseResult) -> None:
    """Read as a stream, refused past MAX_XML_BYTES."""
    with reading.opener() as handle:
        parse(io.BufferedReader(LimitedReader(handle, MAX_XML_BYTES)), result)


def parse(data: bytes | IO[bytes], result: ParseResult) -> None:
    """Read a backup given whole or as a stream (which the caller limits in size)."""
    if isinstance(data, bytes):
        if len(data) > MAX_XML_BYTES:
            raise ExportError(_("The file is too large."))
        data = io.BytesIO(data)
    handler = _Handler(result)
    try:
        defusedxml.sax.parse(data, handler, forbid_dtd=True)
    except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden) as exc:
        raise ExportError(
            _("The XML file declares entities or a DTD, which Relais refuses.")
        ) from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise ExportError(
            _("The XML file refers to outside resources, which Relais refuses.")
        ) from exc
    except SAXParseException as exc:
        if handler.root is None or not result.count:
            raise ExportError(
                _("The XML file is broken at line %(line)d and no message could be read.")
                % {"line": exc.getLineNumber()}
            ) from exc
        result.problem(
            exc.getLineNumber(),
            _("The XML file is broken here; the message being read and any after it are lost."),
        )
    except SAXException as exc:
        raise ExportError(_("The XML file is damaged.")) from exc
    if handler.root is None:
        raise ExportError(_("This XML file is not an SMS Backup & Restore backup."))


def _value(attrs: dict[str, str], name: str) -> str:
    value = attrs.get(name, "")
    return "" if value == "null" else value


def _person(attrs: dict[str, str]) -> str:
    number = _value(attrs, "address") or _value(attrs, "number")
    name = _value(attrs, "contact_name")
    if name in ("", "(Unknown)"):
        return number
    return f"{name} ({number})" if number else name


class _Handler(ContentHandler):
    def __init__(self, result: ParseResult) -> None:
        super().__init__()
        self.result = result
        self.root: str | None = None
        self.locator: Locator | None = None
        self.mms: dict[str, str] | None = None
        self.mms_line = 0
        self.parts: list[tuple[int, dict[str, str]]] = []
        self.sender = ""

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    @property
    def line(self) -> int:
        return (self.locator.getLineNumber() or 0) if self.locator else 0

    def startElement(self, name: str, attributes: AttributesImpl) -> None:
        attrs = dict(attributes.items())
        if self.root is None:
            if name not in ("smses", "calls"):
                raise ExportError(_("This XML file is not an SMS Backup & Restore backup."))
            self.root = name
        elif name == "sms":
            self._sms(attrs)
        elif name == "call":
            self._call(attrs)
        elif name == "mms":
            self.mms, self.mms_line, self.parts, self.sender = attrs, self.line, [], ""
        elif name == "part" and self.mms is not None:
            self.parts.append((self.line, attrs))
        elif name == "addr" and self.mms is not None and attrs.get("type") == "137":
            self.sender = _value(attrs, "address")

    def endElement(self, name: str) -> None:
        if name == "mms" and self.mms is not None:
            self._mms(self.mms)
            self.mms, self.sender = None, ""

    def _when(self, attrs: dict[str, str]) -> Any:
        date = attrs.get("date", "")
        try:
            return from_epoch(int(date) / 1000)
        except (ValueError, OverflowError, OSError):
            self.result.problem(self.line, _("The date of this message is not valid."))
            return None

    def _sms(self, attrs: dict[str, str]) -> None:
        box = attrs.get("type", "1")
        text = attrs.get("body", "")
        self._add(attrs, box, text, (), self.line)

    def _mms(self, attrs: dict[str, str]) -> None:
        texts, files = [], []
        subject = _value(attrs, "sub")
        if subject:
            texts.append(subject)
        for line, part in self.parts:
            kind = part.get("ct", "")
            if kind == "application/smil":
                continue
            if kind == "text/plain":
                if _value(part, "text"):
                    texts.append(part["text"])
                continue
            files.append(self._attachment(line, part))
        self._add(attrs, attrs.get("msg_box", "1"), "\n".join(texts), tuple(files), self.mms_line)

    def _attachment(self, line: int, part: dict[str, str]) -> str:
        raw = _value(part, "name") or _value(part, "cl") or _value(part, "fn") or "attachment"
        name = posixpath.basename(raw.replace("\\", "/")) or "attachment"
        stem, dot, ext = name.rpartition(".")
        unique, count = name, 1
        while unique in self.result.attachments:
            count += 1
            unique = f"{stem} ({count}).{ext}" if dot else f"{name} ({count})"
        data = part.get("data")
        if data:
            try:
                content = base64.b64decode(data, validate=True)
                self.result.attachments[unique] = content if self.result.keep_attachments else b""
            except (binascii.Error, ValueError):
                self.result.problem(
                    line, _("The attachment %(name)s is damaged (bad base64).") % {"name": unique}
                )
        return unique

    def _add(
        self, attrs: dict[str, str], box: str, text: str, files: tuple[str, ...], line: int
    ) -> None:
        # In a one-to-one thread a received message comes from the thread's contact; in a group
        # thread (numbers joined by "~", or an RCS group id with "@") from <addr type="137">.
        thread = attrs.get("address", "")
        group = "~" in thread or "@" in thread
        received_from = self.sender if group and self.sender else _person(attrs)
        author: str | None = OWNER if box in _SENT else received_from
        kind: Kind = "attachment" if files else "message"
        if box == _DRAFT:
            author, kind = None, "system"
            text = f"Draft, not sent, to {_person(attrs)}: {text}"
        self.result.add(
            ChatEvent.build(
                platform="sms",
                occurred_at=self._when(attrs),
                author=author,
                text=text,
                kind=kind,
                attachments=files,
                line=line,
            )
        )

    def _call(self, attrs: dict[str, str]) -> None:
        what = _CALLS.get(attrs.get("type", ""), "Call")
        duration = attrs.get("duration", "0")
        text = f"{what}, {_person(attrs)}, {duration} s"
        self.result.add(
            ChatEvent.build(
                platform="sms",
                occurred_at=self._when(attrs),
                author=None,
                text=text,
                kind="system",
                line=self.line,
            )
        )

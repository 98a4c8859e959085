"""Receiving an upload over HTTP: a Django upload handler that feeds intake.Intake.

It replaces Django's own handlers for the request, so no byte of the file is buffered in memory
or written in clear to a temporary file. Views use `receive(request, max_bytes=...)` before
anything reads request.POST (hence csrf_exempt outside, csrf_protect inside, as Django's docs
say for custom upload handlers), then hand the blob to services.seal_evidence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import HttpRequest, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from relais.evidence.intake import Intake, Refused, SealedBlob, interrupted, too_big

FIELD = "file"
MAX_FILES_PER_FORM = 10  # the mailbox form; the API takes one file per call (api.md)
FORM_ALLOWANCE = 256 * 1024  # the other fields and the multipart framing
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def display_name(raw: str | None) -> str:
    """A name to show, never to use: last path part, no controls or bidi tricks, 120 chars."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("", name).strip().lstrip(".")
    return name[:120]


class _Received(UploadedFile):
    """What request.FILES holds: no data, only the sealed blob (closing it is a no-op)."""

    def __init__(self, blob: SealedBlob) -> None:
        super().__init__(file=None, name=blob.display_name, size=blob.size)
        self.blob = blob

    def close(self) -> None:
        return None


@dataclass
class Received:
    """One file of a request: sealed (`blob`) or refused (`refusal`), under the name it had."""

    name: str
    blob: SealedBlob | None = None
    refusal: Refused | None = None


def one_file() -> Refused:
    return Refused(422, _("Send one file at a time. Nothing was kept."))


def too_many(limit: int) -> Refused:
    return Refused(
        422,
        _("Only %(count)d files can be sent at once: send this one again afterwards.")
        % {"count": limit},
    )


class SealingUploadHandler(FileUploadHandler):
    """Seals each file of the field "file" as it arrives.

    With `max_files=1` (the API, the staff form) a second file or a refused one refuses the
    whole request. With more, each file is sealed or refused on its own (`files`),
    and a refused one is skipped, not kept, while the next ones are read.
    """

    chunk_size = 64 * 1024

    def __init__(self, request: HttpRequest, *, max_bytes: int, max_files: int = 1) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.max_files = max_files
        self.intake: Intake | None = None  # the file being read
        self.current: Received | None = None
        self.files: list[Received] = []
        self.refusal: Refused | None = None  # the whole request is refused
        self.other_field = ""  # a file sent under another name than FIELD, skipped

    @property
    def blob(self) -> SealedBlob | None:
        return self.files[0].blob if self.files else None

    @property
    def many(self) -> bool:
        return self.max_files > 1

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        if field_name != FIELD:
            self.other_field = self.other_field or field_name
            raise SkipFile
        if self.refusal is not None:
            raise SkipFile
        name = display_name(file_name)
        if len(self.files) >= self.max_files:
            if self.many:
                self.files.append(Received(name, refusal=too_many(self.max_files)))
            else:  # the API and the staff form: one file per request, or nothing is kept
                self.refusal = one_file()
            raise SkipFile
        super().new_file(field_name, file_name, *args, **kwargs)
        self.current = Received(name)
        self.intake = Intake(max_bytes=self.max_bytes)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        assert self.intake is not None and self.current is not None
        try:
            self.intake.feed(raw_data)
        except Refused as refusal:
            self.intake.abort()
            self.intake = None
            if self.many:  # this file is dropped; the next ones are read
                self._done(refusal=refusal)
                raise SkipFile from None
            # The rest of the body is read and dropped (never kept) so the client can read
            # the answer; the view checked Content-Length, so that is bounded.
            self.files.append(Received(self.current.name, refusal=refusal))
            self.refusal = refusal
            raise StopUpload(connection_reset=False) from None
        return None

    def file_complete(self, file_size: int) -> UploadedFile | None:
        assert self.intake is not None and self.current is not None
        intake, self.intake = self.intake, None
        try:
            blob = intake.finish(display_name=self.current.name)
        except Refused as refusal:
            self._done(refusal=refusal)
            if not self.many:
                self.refusal = refusal
            return None
        self._done(blob=blob)
        return _Received(blob)

    def _done(self, **outcome: Any) -> None:
        assert self.current is not None
        self.files.append(Received(self.current.name, **outcome))
        self.current = None

    def upload_interrupted(self) -> None:
        # Django calls this when the body ended before the last file did: whatever was sealed
        # of this request is dropped, as nothing tells the sender which files arrived.
        if self.intake is not None:
            self.intake.abort()
            self.intake = None
            self.refusal = self.refusal or interrupted()

    def discard(self) -> None:
        """Remove whatever this request stored and nobody committed."""
        for received in self.files:
            if received.blob is not None:
                received.blob.discard()
        if self.intake is not None:
            self.intake.abort()


def unreadable_form() -> Refused:
    return Refused(400, _("The form could not be read, so nothing was kept. Send it again."))


def missing_file() -> Refused:
    return Refused(422, _("Choose a file to send."))


def wrong_field() -> Refused:
    return Refused(422, _("Send the file in the field named “file”. Nothing was kept."))


def sent_in_chunks() -> Refused:
    # Django reads a body only up to its Content-Length; a chunked body would read as empty.
    return Refused(
        400,
        _(
            "The file was sent in chunks, without its size, which cannot be received. "
            "Send it again with its size (a Content-Length header). Nothing was kept."
        ),
    )


class Upload:
    """One request's upload: `with Upload(request, max_bytes=...) as upload:` then
    `upload.read()` -> (form fields, sealed blob); leftovers are discarded on exit."""

    def __init__(self, request: HttpRequest, *, max_bytes: int, max_files: int = 1) -> None:
        self.request = request
        self.handler = SealingUploadHandler(request, max_bytes=max_bytes, max_files=max_files)
        request.upload_handlers = [self.handler]

    def __enter__(self) -> Upload:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handler.discard()

    def check_length(self) -> None:
        """Refuse at once (413, nothing read) a body whose Content-Length is over the limit."""
        try:
            length = int(self.request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > self.handler.max_bytes * self.handler.max_files + FORM_ALLOWANCE:
            raise too_big(self.handler.max_bytes)

    def read_many(self) -> tuple[QueryDict, list[Received]]:
        """Parse the body (if not parsed yet): the form fields and each file, sealed or refused
        on its own. Raises Refused when the request as a whole cannot be read."""
        data = self._parse()
        if not self.handler.files:
            raise self._nothing_received()
        return data, list(self.handler.files)

    def read(self) -> tuple[QueryDict, SealedBlob]:
        """Parse the body (if not parsed yet); raises Refused."""
        data = self._parse()
        if self.handler.blob is None:
            raise self._nothing_received()
        return data, self.handler.blob

    def _nothing_received(self) -> Refused:
        return wrong_field() if self.handler.other_field else missing_file()

    def _parse(self) -> QueryDict:
        if not self.request.META.get("CONTENT_LENGTH") and "chunked" in (
            self.request.headers.get("Transfer-Encoding", "").lower()
        ):
            raise sent_in_chunks()
        self.check_length()
        try:
            data = self.request.POST
            self.request.FILES  # noqa: B018 - parsing is the point
        except (MultiPartParserError, TooManyFieldsSent, TooManyFilesSent):
            raise self.handler.refusal or unreadable_form() from None
        except RequestDataTooBig:
            raise too_big(self.handler.max_bytes) from None
        if self.handler.refusal is not None:
            raise self.handler.refusal
        return data

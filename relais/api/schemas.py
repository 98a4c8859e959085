"""Request and answer shapes of the public API (../shared/design/api.md).

Requests are checked in two steps. Pydantic, in strict mode, checks only JSON types (a boolean is
``true`` or ``false``, never ``"yes"``), so that nothing is coerced behind the client's back. The
rules (known categories, an existing school, a non-empty description, the length limits) are the
shared Django forms' job, so the API and the HTML pages refuse the same things with the same words.
The extra JSON Schema keywords below only document those rules in the OpenAPI file; they must say
exactly what the forms accept, because schemathesis holds the API to them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import ConfigDict

from relais.alerts.models import MAX_DESCRIPTION, MAX_MESSAGE, Category, Platform, ReporterRole
from relais.jurisdictions.packs import codes
from relais.proofs.api import PromiseOut, ReceiptOut

# What relais.lib.text.check_text accepts: no control characters but tab, CR and LF, and no U+FFFD
# (the trace of bytes that were not UTF-8). A required text also needs one visible character,
# since the forms strip white space before they check that something was written.
_ALLOWED = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]"
_VISIBLE = r"[^\s\x00-\x1f\x7f-\x9f\ufffd]"
OPTIONAL_TEXT = rf"^{_ALLOWED}*$"
REQUIRED_TEXT = rf"^{_ALLOWED}*{_VISIBLE}{_ALLOWED}*$"
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _text(max_length: int, *, required: bool) -> dict[str, Any]:
    pattern = REQUIRED_TEXT if required else OPTIONAL_TEXT
    return {"maxLength": max_length, "pattern": pattern}


def _choices(values: list[str], *, min_items: int = 0) -> dict[str, Any]:
    extra: dict[str, Any] = {"items": {"type": "string", "enum": values}}
    if min_items:
        extra["minItems"] = min_items
    return extra


class StrictIn(Schema):
    model_config = ConfigDict(strict=True, extra="forbid")


# --- schools ---------------------------------------------------------------------------------


# The packs' codes, read once at import: the OpenAPI enum lists every pack ("fr", "be-fwb"), and
# a new pack is listed with no change here.
if TYPE_CHECKING:
    JurisdictionCode = str
else:
    JurisdictionCode = Literal[tuple(codes())]


class SchoolOut(Schema):
    id: UUID
    name: str
    city: str
    code: str
    jurisdiction: JurisdictionCode


class SchoolsOut(Schema):
    items: list[SchoolOut]


# --- alerts ----------------------------------------------------------------------------------


class AlertIn(StrictIn):
    school_id: str = Field(json_schema_extra={"format": "uuid"})
    reporter_role: str = Field(json_schema_extra={"enum": list(ReporterRole.values)})
    categories: list[str] = Field(json_schema_extra=_choices(list(Category.values), min_items=1))
    description: str = Field(json_schema_extra=_text(MAX_DESCRIPTION, required=True))
    started_on: str | None = Field(
        None,
        description="YYYY-MM-DD, from 2000-01-01 on, not in the future",
        pattern=ISO_DATE,
        json_schema_extra={"format": "date"},
    )
    platforms: list[str] = Field(
        default_factory=list, json_schema_extra=_choices(list(Platform.values))
    )
    class_grade: str = Field("", json_schema_extra=_text(40, required=False))
    immediate_danger: bool
    # bool, not Literal[True]: strict Literal[True] lets 1 through. The form refuses false.
    good_faith: bool = Field(
        description="Must be true: the good-faith statement.", json_schema_extra={"const": True}
    )
    consent_escalation: bool = False


class EmergencyOut(Schema):
    name: str
    number: str


class AlertCreatedOut(Schema):
    receipt: str = Field(description="Shown once; the only key to the mailbox.")
    proof: ReceiptOut | PromiseOut = Field(
        description="Proof that the alert was received: a PROMISE, signed at once, that the log "
        "holds it in a signed tree head by merge_by (docs/proofs.md)."
    )
    # Present only when immediate_danger was true.
    emergency: list[EmergencyOut] | None = None


# --- mailbox ---------------------------------------------------------------------------------


class SessionIn(StrictIn):
    receipt: str


class SessionOut(Schema):
    token: str = Field(description="Bearer token for the /mailbox calls; expires when idle.")


class MailboxSchoolOut(Schema):
    name: str
    city: str


class MailboxAlertOut(Schema):
    school: MailboxSchoolOut
    reporter_role: str
    categories: list[str]
    description: str = Field(description="The reporter's own words, as they were sent.")
    started_on: date | None
    platforms: list[str]
    class_grade: str
    immediate_danger: bool
    consent_escalation: bool
    reveal_identity: bool
    created_at: datetime


class MessageOut(Schema):
    author: Literal["reporter", "staff"]
    body: str
    sent_at: datetime


class SchoolStepOut(Schema):
    key: str = Field(description="The protocol step's key (stable once a case used it).")
    title: str = Field(
        description="What the school did, in the protocol's plain words for the family, in the "
        "request's language; never a name or a detail."
    )
    done_at: datetime = Field(description="When the school recorded the step.")


class MailboxOut(Schema):
    status: str
    status_text: str = Field(description="What the status means, in plain words.")
    status_reason: str = Field(description="Why, when the alert was refused; else empty.")
    alert: MailboxAlertOut
    messages: list[MessageOut]
    proofs: list[ReceiptOut | PromiseOut] = Field(
        description="A proof per proof-worthy event, oldest first: its RECEIPT once the log "
        "merged it, its PROMISE before that."
    )
    school_steps: list[SchoolStepOut] = Field(
        description="What the school recorded doing in the cases gathering this alert, the "
        "steps its protocol shows to the family, oldest first; empty when there are none. Each "
        "is a `case.step_recorded` entry of the proof log, listed in `proofs` for the alert "
        "the case first gathered."
    )


class MessageIn(StrictIn):
    body: str = Field(json_schema_extra=_text(MAX_MESSAGE, required=True))


class MessageSentOut(Schema):
    sent_at: datetime


class ConsentIn(StrictIn):
    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        # To reveal who they are, the reporter gives a name and a way to reach them.
        json_schema_extra={
            "anyOf": [
                {"properties": {"reveal_identity": {"const": False}}},
                {
                    "required": ["name", "contact"],
                    "properties": {
                        "name": {"pattern": REQUIRED_TEXT},
                        "contact": {"pattern": REQUIRED_TEXT},
                    },
                },
            ]
        },
    )

    escalation: bool
    reveal_identity: bool
    name: str = Field("", json_schema_extra=_text(200, required=False))
    contact: str = Field("", json_schema_extra=_text(200, required=False))


class ConsentOut(Schema):
    escalation: bool
    reveal_identity: bool

"""The reporter's calls: find a school, raise an alert, open and use the mailbox.

Views parse (pydantic for JSON types, the shared forms for the rules), call one service, answer.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from relais.alerts.forms import AlertForm, ConsentForm, MessageForm
from relais.alerts.models import Alert
from relais.alerts.services import post_reporter_message, set_consent, submit_alert
from relais.alerts.workflow import FOR_REPORTER
from relais.api import schemas as s
from relais.api.errors import ApiError, error_responses, form_errors
from relais.api.security import LimitedOut, mailbox_token, receipt_rate
from relais.cases.family import family_entries, school_steps_for
from relais.jurisdictions.packs import get_pack
from relais.lib.ratelimit import give_back, take, wait_sentence
from relais.lib.receipts import InvalidReceipt, receipt_digest
from relais.mailbox.services import UnknownReceipt, open_mailbox
from relais.proofs.promises import promise_for
from relais.proofs.receipts import proof_for
from relais.schools.models import School
from relais.schools.search import search_schools

router = Router(tags=["reporter"])


def _rejected(errors: dict[str, list[str]] | None = None) -> ApiError:
    return ApiError(401, _("Open the mailbox again with your receipt."), errors)


# --- schools ---------------------------------------------------------------------------------


@router.get(
    "/schools",
    response={200: s.SchoolsOut},
    operation_id="find_schools",
    summary="Find a school by name or town",
)
def schools(request: HttpRequest, q: str = "") -> dict[str, Any]:
    """Open schools matching every word of ``q`` in their name, town (or another name of a
    Belgian commune), postcode or official code, best matches first (relais.schools.search).
    Fewer than two letters or digits give an empty list."""
    found = search_schools(q)
    return {"items": found.schools if found else []}


# --- alerts ----------------------------------------------------------------------------------


@router.post(
    "/alerts",
    response={201: s.AlertCreatedOut, 429: LimitedOut, **error_responses(400, 413, 415, 422)},
    operation_id="create_alert",
    exclude_none=True,
    summary="Raise an alert",
)
def create_alert(request: HttpRequest, response: HttpResponse, payload: s.AlertIn) -> Status:
    """429 when this client's accepted alerts reach ALERT_RATE in the sliding window (refused
    bodies do not count): ``detail`` says how long to wait, ``Retry-After`` gives the seconds, and
    when the body says immediate_danger, ``emergency`` gives the numbers to call now."""
    form = AlertForm(data=payload.model_dump())
    if not form.is_valid():
        raise form_errors(form)
    data = dict(form.cleaned_data)
    school: School = data.pop("school_id")
    client: str = request.client_key  # type: ignore[attr-defined]
    counted = take("alert", client, settings.ALERT_RATE)
    if not counted.allowed:
        response["Retry-After"] = str(counted.wait_seconds)
        return Status(429, _limited(school, data["immediate_danger"], counted.wait_minutes))
    try:
        submitted = submit_alert(school=school, **data)
    except BaseException:
        give_back(counted)  # nothing was stored: it does not count
        raise
    # A PROMISE, signed at once (no database): the signer merges the entry within the delay,
    # and the mailbox then serves its RECEIPT.
    answer: dict[str, Any] = {
        "receipt": submitted.receipt,
        "proof": promise_for(submitted.proof_entry),
    }
    if submitted.alert.immediate_danger:
        answer["emergency"] = _emergency(school)
    return Status(201, answer)


def _emergency(school: School) -> list[dict[str, str]]:
    return [
        {"name": number.name(), "number": number.number}
        for number in get_pack(school.jurisdiction).emergency
    ]


def _limited(school: School, danger: bool, minutes: int) -> dict[str, Any]:
    detail = _(
        "Many alerts were sent from this connection in a short time, so this one was not saved."
    )
    answer: dict[str, Any] = {"detail": f"{detail} {wait_sentence(minutes)}", "errors": {}}
    if danger:
        answer["detail"] += " " + _("If someone is in danger right now, call one of these numbers.")
        answer["emergency"] = _emergency(school)
    return answer


# --- mailbox ---------------------------------------------------------------------------------


@router.post(
    "/mailbox/session",
    response={200: s.SessionOut, **error_responses(400, 401, 413, 415, 422, 429)},
    throttle=[receipt_rate],
    operation_id="open_mailbox",
    summary="Open the mailbox with a receipt",
)
def open_session(request: HttpRequest, payload: s.SessionIn) -> dict[str, str]:
    """401 for any receipt that opens nothing, malformed or unknown alike: the same answer after
    the same work, so that neither the body nor the time tells a guesser how close they came."""
    try:
        token, _alert = open_mailbox(receipt=payload.receipt)
    except InvalidReceipt:
        # open_mailbox stopped before its digest and query: do them, on a value no receipt has.
        decoy = receipt_digest("!" + payload.receipt[:64])
        Alert.objects.filter(receipt_digest=decoy).first()
        raise _rejected() from None
    except UnknownReceipt:
        raise _rejected() from None
    return {"token": token}


def _summary(alert: Alert) -> dict[str, Any]:
    return {
        "school": {"name": alert.school.name, "city": alert.school.city},
        "reporter_role": alert.reporter_role,
        "categories": alert.categories,
        "description": alert.description,
        "started_on": alert.started_on,
        "platforms": alert.platforms,
        "class_grade": alert.class_grade,
        "immediate_danger": alert.immediate_danger,
        "consent_escalation": alert.consent_escalation,
        "reveal_identity": alert.reveal_identity,
        "created_at": alert.created_at,
    }


@router.get(
    "/mailbox",
    response={200: s.MailboxOut, **error_responses(401)},
    auth=mailbox_token,
    operation_id="read_mailbox",
    # Proofs leave out a time-stamp token they do not have (never "null"): exactly the
    # document `relais verify` checks.
    exclude_unset=True,
    summary="Read the mailbox: status and messages",
)
def mailbox(request: HttpRequest) -> dict[str, Any]:
    alert: Alert = request.auth  # type: ignore[attr-defined]
    steps = school_steps_for(alert)
    return {
        "status": alert.status,
        "status_text": str(FOR_REPORTER[alert.status]),
        "status_reason": alert.status_reason,
        "alert": _summary(alert),
        "messages": [
            {"author": m.author, "body": m.body, "sent_at": m.sent_at}
            for m in alert.messages.order_by("sent_at", "id")
        ],
        # Its own proofs and those of the school's steps it reads (relais.cases.family).
        "proofs": [proof_for(entry) for entry in family_entries(alert, steps)],
        "school_steps": [
            {"key": step.key, "title": step.title, "done_at": step.done_at} for step in steps
        ],
    }


@router.post(
    "/mailbox/messages",
    response={201: s.MessageSentOut, **error_responses(400, 401, 413, 415, 422)},
    auth=mailbox_token,
    operation_id="send_message",
    summary="Write to the case worker",
)
def send_message(request: HttpRequest, payload: s.MessageIn) -> Status:
    form = MessageForm(data=payload.model_dump())
    if not form.is_valid():
        raise form_errors(form)
    alert: Alert = request.auth  # type: ignore[attr-defined]
    message = post_reporter_message(alert=alert, body=form.cleaned_data["body"])
    return Status(201, {"sent_at": message.sent_at})


@router.put(
    "/mailbox/consent",
    response={200: s.ConsentOut, **error_responses(400, 401, 413, 415, 422)},
    auth=mailbox_token,
    operation_id="set_consent",
    summary="Allow escalation, reveal who you are",
)
def consent(request: HttpRequest, payload: s.ConsentIn) -> dict[str, bool]:
    form = ConsentForm(data=payload.model_dump())
    if not form.is_valid():
        raise form_errors(form)
    alert: Alert = request.auth  # type: ignore[attr-defined]
    changed = set_consent(alert=alert, **form.cleaned_data)
    return {"escalation": changed.consent_escalation, "reveal_identity": changed.reveal_identity}

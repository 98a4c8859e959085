"""The reporter's mailbox: opened with the receipt, held by a cookie the browser forgets.

The cookie carries only a random token (its SHA-256 is in MailboxSession); it has no expiry, so
the browser drops it when closed, and the server drops it after MAILBOX_IDLE_SECONDS of quiet.
Every POST redirects (303) to a page, so that a reload never sends twice and no history entry
holds what the child typed: a text to give back waits in relais.public.stash instead. Every page
but the receipt form, closing and the quick exit goes through relais.public.access, which gives
it the alert or sends the browser here. The first page holds what matters to a child (where
things stand, the messages); the other pages are in relais.public.mailbox_pages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from relais.alerts.forms import ConsentForm, MessageForm
from relais.alerts.models import Alert
from relais.alerts.services import post_reporter_message, set_consent
from relais.alerts.workflow import FOR_REPORTER, Status
from relais.cases.family import school_steps_for
from relais.lib.ratelimit import take
from relais.mailbox.services import (
    COOKIE,
    InvalidReceipt,
    UnknownReceipt,
    close_mailbox,
    open_mailbox,
)
from relais.notices.deadlines import notice_dates_for
from relais.public.access import PENDING, mailbox_alert, mailbox_required
from relais.public.middleware import reads_form
from relais.public.pages import emergency_packs, without_maxlength
from relais.public.stash import discard, peek, put

NOT_FOUND = gettext_lazy("We found no alert with this receipt. Check each character.")
# Where the quick exit lands: a page anyone may have open, on another host.
QUICK_EXIT_TARGET = "https://www.google.com/"
# The stash of choices to fix (they may hold the child's name and contact).
CHOICES = "choices"


class ReceiptForm(forms.Form):
    receipt = forms.CharField(
        label=gettext_lazy("Your receipt"),
        max_length=100,
        help_text=gettext_lazy("The code you wrote down, for example 7KQM-3XR9-HT2W-B6CN-P4DZ."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={
            "required": gettext_lazy("Type your receipt."),
            "max_length": gettext_lazy("This is too long to be a receipt."),
        },
    )


def page_title() -> str:
    """The mailbox's title in tabs and history: a word that says nothing about what it holds."""
    return pgettext("page title", "Space")


def _mailbox_url() -> str:
    return reverse("public:mailbox")


def _forget(response: HttpResponse) -> HttpResponse:
    response.delete_cookie(COOKIE, path=_mailbox_url(), samesite="Strict")
    return response


def _pending(request: HttpRequest) -> str:
    """The message the reporter was sending when their session ended (or that needs fixing),
    given back from the stash only this browser can read."""
    kept = peek(request, PENDING)
    return str(kept.get("body", "")) if kept else ""


def _kept(request: HttpRequest, kind: str, data: dict[str, Any], to: str) -> HttpResponse:
    """Keep what was typed for the page at ``to`` and go there: the POST leaves no trace."""
    response = HttpResponseRedirect(to, status=303)
    put(request, response, kind, data)
    return response


def _login(
    request: HttpRequest,
    form: ReceiptForm | None = None,
    *,
    status: int = 200,
    ended: bool = False,
    limited: int = 0,
) -> HttpResponse:
    context = {
        "form": form or ReceiptForm(),
        "ended": ended,
        "limited": limited,
        "pending": _pending(request),
        "wait_minutes": limited,  # when limited: how long, exactly, in minutes rounded up
        "section": page_title(),
    }
    response = render(request, "public/mailbox_login.html", context, status=status)
    return _forget(response) if ended else response


def _consent_form(alert: Alert) -> ConsentForm:
    return ConsentForm(
        initial={
            "escalation": alert.consent_escalation,
            "reveal_identity": alert.reveal_identity,
            "name": alert.reporter_name,
            "contact": alert.reporter_contact,
        }
    )


def mailbox_context(alert: Alert, *, page: str, section: str) -> dict[str, Any]:
    """What every mailbox page shows: the alert, its numbers, and where the reader is."""
    return {
        "alert": alert,
        "page": page,
        "packs": emergency_packs(alert.school),
        "idle_seconds": settings.MAILBOX_IDLE_SECONDS,
        "section": section,
    }


def _page(
    request: HttpRequest,
    alert: Alert,
    *,
    message_form: MessageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if message_form is None and (pending := _pending(request)):
        # A message kept from a POST: shown again with what to change, until it is sent.
        message_form = MessageForm(data={"body": pending})
        message_form.is_valid()
    context = {
        **mailbox_context(alert, page="home", section=page_title()),
        "status_words": FOR_REPORTER[alert.status],
        "refused": alert.status == Status.REFUSED,
        "messages_list": alert.messages.order_by("sent_at", "id"),
        "message_form": without_maxlength(message_form or MessageForm(), "body"),
        "notice_dates": notice_dates_for(alert),
        "school_steps": school_steps_for(alert),
    }
    return render(request, "public/mailbox.html", context, status=status)


def _choices_page(
    request: HttpRequest, alert: Alert, form: ConsentForm | None = None, *, status: int = 200
) -> HttpResponse:
    kept = peek(request, CHOICES) if form is None else None
    if kept is not None:
        # Choices to fix, kept from the POST: judged again so that the errors show.
        form = ConsentForm(data=kept)
        form.is_valid()
    context = {
        **mailbox_context(alert, page="choices", section=pgettext("page title", "Settings")),
        "consent_form": form or _consent_form(alert),
        "saved": form is None and request.GET.get("saved") == "1",
    }
    return render(request, "public/mailbox_choices.html", context, status=status)


@require_safe
def mailbox(request: HttpRequest) -> HttpResponse:
    """The first page; without a live session, the receipt form, where every other mailbox page
    sends the browser (relais.public.access)."""
    alert = mailbox_alert(request)
    if alert is None:
        return _login(request, ended=bool(request.COOKIES.get(COOKIE)))
    return _page(request, alert)


@reads_form
@require_POST
def mailbox_open(request: HttpRequest) -> HttpResponse:
    form = ReceiptForm(data=request.POST)
    # Every attempt counts, in a window that slides and is shared by all web processes.
    tried = take("receipt", request.client_key, settings.RECEIPT_LOGIN_RATE)  # type: ignore[attr-defined]
    if not tried.allowed:
        response = _login(request, ReceiptForm(), status=429, limited=tried.wait_minutes)
        response["Retry-After"] = str(tried.wait_seconds)
        return response
    if not form.is_valid():
        return _login(request, form, status=400)
    try:
        token, _alert = open_mailbox(receipt=form.cleaned_data["receipt"])
    except InvalidReceipt as error:
        form.add_error("receipt", error.reason)
        return _login(request, form, status=400)
    except UnknownReceipt:
        # One message whatever the cause, so that a guess learns nothing.
        form.add_error("receipt", NOT_FOUND)
        return _login(request, form, status=400)
    previous = request.COOKIES.get(COOKIE)
    if previous:
        close_mailbox(previous)
    response = _after_open(request, _alert)
    # No max_age or expires: the browser forgets the mailbox when it is closed.
    response.set_cookie(
        COOKIE,
        token,
        path=_mailbox_url(),
        httponly=True,
        samesite="Strict",
        secure=settings.SECURE,
    )
    return response


def _after_open(request: HttpRequest, alert: Alert) -> HttpResponse:
    """Where the mailbox opens: the first page, after sending the message the reporter had typed
    when their session ended; or that message, with what to change, when it cannot be sent."""
    pending = _pending(request)
    if not pending.strip():
        return HttpResponseRedirect(_mailbox_url(), status=303)
    form = MessageForm(data={"body": pending})
    if not form.is_valid():
        # Kept in the stash: the first page shows it with what to change.
        return HttpResponseRedirect(_mailbox_url() + "#message-form", status=303)
    post_reporter_message(alert=alert, body=form.cleaned_data["body"])
    response = HttpResponseRedirect(_mailbox_url() + "#messages", status=303)
    discard(request, response)
    return response


@require_safe
def quick_exit(request: HttpRequest) -> HttpResponse:
    """End the mailbox session, then leave: a plain link, so that it works without JavaScript.
    Back must then find nothing but the login page: the session is gone on the server, the
    cookie is forgotten, and the browser is asked to drop what it cached of this site (the pages
    are no-store already; this also covers its back/forward cache)."""
    token = request.COOKIES.get(COOKIE, "")
    if token:
        close_mailbox(token)
    response = _forget(HttpResponseRedirect(QUICK_EXIT_TARGET))
    discard(request, response)
    response["Clear-Site-Data"] = '"cache"'
    return response


# keep_message: when the session ended while the child typed, the login page gives the message
# back, and sends it once the mailbox opens again.
@reads_form
@mailbox_required(keep_message=True)
@require_POST
def mailbox_message(request: HttpRequest, alert: Alert) -> HttpResponse:
    form = MessageForm(data=request.POST)
    if not form.is_valid():
        body = request.POST.get("body", "")
        return _kept(request, PENDING, {"body": body}, _mailbox_url() + "#message-form")
    post_reporter_message(alert=alert, body=form.cleaned_data["body"])
    response = HttpResponseRedirect(_mailbox_url() + "#messages", status=303)
    discard(request, response)
    return response


@reads_form
@mailbox_required
@require_http_methods(["GET", "HEAD", "POST"])
def mailbox_consent(request: HttpRequest, alert: Alert) -> HttpResponse:
    if request.method != "POST":
        return _choices_page(request, alert)
    form = ConsentForm(data=request.POST)
    choices_url = reverse("public:mailbox_consent")
    if not form.is_valid():
        return _kept(request, CHOICES, _as_dict(request), choices_url + "#error-summary")
    data = form.cleaned_data
    try:
        set_consent(
            alert=alert,
            escalation=data["escalation"],
            reveal_identity=data["reveal_identity"],
            name=data["name"],
            contact=data["contact"],
        )
    except ValidationError:
        # Judged again on the page, where the same check gives the same message.
        return _kept(request, CHOICES, _as_dict(request), choices_url + "#error-summary")
    response = HttpResponseRedirect(choices_url + "?saved=1", status=303)
    discard(request, response)
    return response


def _as_dict(request: HttpRequest) -> dict[str, Any]:
    """The posted fields as plain data the stash can keep (a field may be posted twice)."""
    return {
        name: request.POST.get(name, "") for name in request.POST if name != "csrfmiddlewaretoken"
    }


@reads_form
@require_POST
def mailbox_logout(request: HttpRequest) -> HttpResponse:
    token = request.COOKIES.get(COOKIE, "")
    if token:
        close_mailbox(token)
    response = render(request, "public/mailbox_closed.html", {"section": page_title()})
    discard(request, response)
    return _forget(response)

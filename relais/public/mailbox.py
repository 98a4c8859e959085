"""The reporter's mailbox: opened with the receipt, held by a cookie the browser forgets.

The cookie carries only a random token (its SHA-256 is in MailboxSession); it has no expiry, so
the browser drops it when closed, and the server drops it after MAILBOX_IDLE_SECONDS of quiet.
Every successful POST redirects back to /mailbox/ so that a reload never sends twice.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from relais.alerts.forms import ConsentForm, MessageForm
from relais.alerts.models import Alert, Category
from relais.alerts.services import post_reporter_message, set_consent
from relais.alerts.workflow import FOR_REPORTER, Status
from relais.lib.ratelimit import hit
from relais.mailbox.services import (
    COOKIE,
    InvalidReceipt,
    UnknownReceipt,
    alert_for_token,
    close_mailbox,
    open_mailbox,
)
from relais.notices.deadlines import notice_dates_for
from relais.proofs.receipts import KIND_LABELS, entries_for_alert
from relais.public.middleware import reads_form
from relais.public.pages import emergency_packs, wait_minutes, without_maxlength

NOT_FOUND = gettext_lazy("We found no alert with this receipt. Check each character.")


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


def _mailbox_url() -> str:
    return reverse("public:mailbox")


def _forget(response: HttpResponse) -> HttpResponse:
    response.delete_cookie(COOKIE, path=_mailbox_url(), samesite="Strict")
    return response


def _login(
    request: HttpRequest,
    form: ReceiptForm | None = None,
    *,
    status: int = 200,
    ended: bool = False,
    limited: bool = False,
) -> HttpResponse:
    context = {
        "form": form or ReceiptForm(),
        "ended": ended,
        "limited": limited,
        "wait_minutes": wait_minutes(settings.RECEIPT_LOGIN_RATE),
        "section": _("Mailbox"),
    }
    response = render(request, "public/mailbox_login.html", context, status=status)
    return _forget(response) if ended else response


def _current(request: HttpRequest) -> tuple[str, Alert | None]:
    token = request.COOKIES.get(COOKIE, "")
    return token, alert_for_token(token) if token else None


def _consent_form(alert: Alert) -> ConsentForm:
    return ConsentForm(
        initial={
            "escalation": alert.consent_escalation,
            "reveal_identity": alert.reveal_identity,
            "name": alert.reporter_name,
            "contact": alert.reporter_contact,
        }
    )


def _page(
    request: HttpRequest,
    alert: Alert,
    *,
    message_form: MessageForm | None = None,
    consent_form: ConsentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "alert": alert,
        "status_words": FOR_REPORTER[alert.status],
        "refused": alert.status == Status.REFUSED,
        "categories": [Category(c).label for c in alert.categories if c in Category.values],
        "messages_list": alert.messages.order_by("sent_at", "id"),
        "message_form": without_maxlength(message_form or MessageForm(), "body"),
        "consent_form": consent_form or _consent_form(alert),
        "packs": emergency_packs(alert.school),
        "notice_dates": notice_dates_for(alert),
        "proof_entries": [
            (number, KIND_LABELS.get(entry.kind, entry.kind), entry.recorded_at)
            for number, entry in enumerate(entries_for_alert(alert), start=1)
        ],
        "section": _("Mailbox"),
    }
    return render(request, "public/mailbox.html", context, status=status)


@require_safe
def mailbox(request: HttpRequest) -> HttpResponse:
    token, alert = _current(request)
    if alert is None:
        return _login(request, ended=bool(token))
    return _page(request, alert)


@reads_form
@require_POST
def mailbox_open(request: HttpRequest) -> HttpResponse:
    form = ReceiptForm(data=request.POST)
    if not hit("receipt", request.client_key, settings.RECEIPT_LOGIN_RATE):  # type: ignore[attr-defined]
        return _login(request, ReceiptForm(), status=429, limited=True)
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
    response = HttpResponseRedirect(_mailbox_url(), status=303)
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


@reads_form
@require_POST
def mailbox_message(request: HttpRequest) -> HttpResponse:
    token, alert = _current(request)
    if alert is None:
        return _login(request, status=401, ended=bool(token))
    form = MessageForm(data=request.POST)
    if not form.is_valid():
        return _page(request, alert, message_form=form, status=400)
    post_reporter_message(alert=alert, body=form.cleaned_data["body"])
    return HttpResponseRedirect(_mailbox_url() + "#messages", status=303)


@reads_form
@require_POST
def mailbox_consent(request: HttpRequest) -> HttpResponse:
    token, alert = _current(request)
    if alert is None:
        return _login(request, status=401, ended=bool(token))
    form = ConsentForm(data=request.POST)
    if not form.is_valid():
        return _page(request, alert, consent_form=form, status=400)
    data = form.cleaned_data
    try:
        set_consent(
            alert=alert,
            escalation=data["escalation"],
            reveal_identity=data["reveal_identity"],
            name=data["name"],
            contact=data["contact"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, alert, consent_form=form, status=400)
    return HttpResponseRedirect(_mailbox_url() + "#consent", status=303)


@reads_form
@require_POST
def mailbox_logout(request: HttpRequest) -> HttpResponse:
    token = request.COOKIES.get(COOKIE, "")
    if token:
        close_mailbox(token)
    response = render(request, "public/mailbox_closed.html", {"section": _("Mailbox")})
    return _forget(response)

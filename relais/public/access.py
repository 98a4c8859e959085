"""The one way a reporter's page reaches its alert: the mailbox session.

Every mailbox page is wrapped by ``mailbox_required``, which reads the mailbox cookie, finds the
live session and calls the view with its alert, ``def view(request, alert, ...)``, as
SecureDrop's source interface hands its views the logged-in source. The session is looked up by
relais.mailbox.services.alert_for_token, the function behind the API's bearer token too (which
answers 401 in its own error shape, as api.md says).

Without a live session (never opened, closed, idle too long, a made-up cookie) every mailbox page
answers the same, whatever the method: 303 to /my/, the one page that asks for the receipt. That
page says "your session ended" when the browser still sent a cookie, and forgets it; with no
cookie it is the plain receipt form, since a browser that never opened the mailbox (or was
closed) has nothing to be told. A redirect, not a page at each address: a POST must leave no
entry in the history, and the neutral word stays in the address bar. A message the reporter was
sending is kept in the encrypted stash (relais.public.stash), shown on that page and sent once
the mailbox is open again (``keep_message``); other forms are lost, as their pages are short.

The pages that need no session (welcome, alert form, its receipt, the receipt form itself,
closing, the quick exit) are listed in tests/public/test_reporter_area.py, which checks that
every other reporter URL carries this decorator and answers as above.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, overload

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from relais.alerts.models import Alert
from relais.mailbox.services import COOKIE, alert_for_token
from relais.public.stash import put

# The stash's kind for a message not sent yet (typed when the session had ended, or to fix).
PENDING = "message"
# Set on every wrapped view, so that a test can walk the URLconf and find one that is not.
MARK = "mailbox_required"

AlertView = Callable[..., HttpResponse]
View = Callable[..., HttpResponse]


def mailbox_alert(request: HttpRequest) -> Alert | None:
    """The alert of this browser's live mailbox session (its idle time slides), or None."""
    return alert_for_token(request.COOKIES.get(COOKIE, ""))


def closed(request: HttpRequest, *, keep_message: bool = False) -> HttpResponse:
    """The answer of every mailbox page without a live session (see the module docstring)."""
    response = HttpResponseRedirect(reverse("public:mailbox"), status=303)
    if keep_message and request.method == "POST":
        body = request.POST.get("body", "")
        if body.strip():
            put(request, response, PENDING, {"body": body})
    return response


@overload
def mailbox_required(view: AlertView) -> View: ...


@overload
def mailbox_required(*, keep_message: bool) -> Callable[[AlertView], View]: ...


def mailbox_required(
    view: AlertView | None = None, *, keep_message: bool = False
) -> View | Callable[[AlertView], View]:
    """Call the view with the session's alert; without one, answer as ``closed`` does.

    ``keep_message``: the view receives the message form, whose text is kept for the receipt
    page when the session has ended. The decorator reads only the cookie, never the body
    (except for that message), so that an upload's own handlers are still in place."""

    def decorate(view: AlertView) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            alert = mailbox_alert(request)
            if alert is None:
                return closed(request, keep_message=keep_message)
            return view(request, alert, *args, **kwargs)

        setattr(wrapped, MARK, True)
        return wrapped

    return decorate if view is None else decorate(view)

"""/join/?t=TOKEN: the invitation's link. The person chooses a username and a password, then
sets up the second factor through the staff sign-in's own steps (relais.staff.signin, enrol and
verify), and lands on their side (/school/). The token comes in the query string (GET) or the
form body (POST), never in a logged path.

Unknown token: 404. Used: 410 (the account exists: sign in). Withdrawn or expired: 410 (ask
again).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from relais.accounts import invitations
from relais.accounts.forms import JoinForm
from relais.accounts.models import INVITATION_DAYS
from relais.staff import signin


def _refused(request: HttpRequest, error: Exception) -> HttpResponse:
    if isinstance(error, invitations.InvitationGone):
        context = {"reason": error.reason, "days": INVITATION_DAYS}
        return render(request, "accounts/join_gone.html", context, status=410)
    return render(request, "accounts/join_unknown.html", status=404)


@never_cache
@require_http_methods(["GET", "POST"])
def join_view(request: HttpRequest) -> HttpResponse:
    token = (request.POST if request.method == "POST" else request.GET).get("t", "")
    try:
        invitation = invitations.invitation_for_token(token)
    except (invitations.InvitationUnknown, invitations.InvitationGone) as error:
        return _refused(request, error)
    form = JoinForm(request.POST if request.method == "POST" else None, initial={"t": token})
    context: dict[str, Any] = {
        "form": form,
        "invitation": invitation,
        "school": invitation.school,
        "expires_when": invitations.when(invitation.school, invitation.expires_at),
    }
    if request.method == "GET" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return render(request, "accounts/join.html", context, status=status)
    try:
        user = invitations.join_school(
            token=token,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
    except (invitations.InvitationUnknown, invitations.InvitationGone) as error:
        return _refused(request, error)  # spent by a second tab meanwhile
    except ValidationError as error:
        for field, texts in error.message_dict.items():
            form.add_error(field if field in form.fields else None, texts)
        return render(request, "accounts/join.html", context, status=400)
    # Whoever was signed in on this browser is not the new member.
    if request.user.is_authenticated:
        logout(request)
    # The password step is done: the account owes its second factor, set up now (enrol), and
    # then goes to its side. Not signed in before that: nothing is usable without the device.
    signin.start_pending(request, user, signin.home_for(user))
    return HttpResponseRedirect(reverse("staff:enrol"), status=303)

"""The school's team page (/join/team/): its members and the invitations waiting; the direction
invites a colleague (the e-mail goes to the school's official address, which it forwards),
withdraws an invitation waiting, deactivates a member of its own school after a confirmation
page and reactivates one it deactivated. Every member of the school reads the page; another
school's member or invitation id answers 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.accounts import invitations, team, withdrawal
from relais.accounts.forms import InviteForm
from relais.accounts.models import Invitation, Role, User
from relais.cases.access import school_member_required


def _is_direction(user: Any) -> bool:
    return bool(user.in_school and user.role == Role.DIRECTION)


def _render(
    request: HttpRequest, form: InviteForm | None = None, status: int = 200
) -> HttpResponse:
    user: Any = request.user
    school = user.school
    pending = invitations.pending_invitations(school).select_related("invited_by")
    members = list(team.team_of(school.pk))
    context = {
        "school": school,
        "me": user,
        # Each member or invitation with its dates in the page's language and the school's own
        # zone (named), not the server's.
        "members": [
            (m, invitations.when(school, m.last_login) if m.last_login else None) for m in members
        ],
        # The deactivated accounts the school may open again: not the association's.
        "reactivatable": team.reactivatable(members),
        "pending": [
            (i, invitations.day(school, i.created_at), invitations.when(school, i.expires_at))
            for i in pending
        ],
        "direction": _is_direction(user),
        "form": form or InviteForm(),
    }
    return render(request, "accounts/team.html", context, status=status)


def _back() -> HttpResponse:
    return HttpResponseRedirect(reverse("join:team"), status=303)


def _direction_only(request: HttpRequest) -> HttpResponse | None:
    if _is_direction(request.user):
        return None
    return render(request, "accounts/team_forbidden.html", status=403)


@require_GET
@school_member_required
def team_view(request: HttpRequest) -> HttpResponse:
    return _render(request)


@require_POST
@school_member_required
def invite_view(request: HttpRequest) -> HttpResponse:
    refused = _direction_only(request)
    if refused is not None:
        return refused
    # The form has no address field: a forged "email" in the body is never read.
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _render(request, form, status=400)
    user: Any = request.user
    try:
        # The e-mail is in the inviting member's language (French unless they use another).
        invitation = invitations.invite_member(
            by=user, role=form.cleaned_data["role"], language=translation.get_language()
        )
    except invitations.InvitationError as error:
        form.add_error(None, error.message)
        return _render(request, form, status=400)
    messages.success(
        request,
        _(
            "The invitation (%(role)s) is on its way to your school's official address, "
            "%(address)s. Forward it to your colleague: its link works once, until %(until)s."
        )
        % {
            "role": invitation.get_role_display(),
            "address": invitation.school.direction_email,
            "until": invitations.when(invitation.school, invitation.expires_at),
        },
    )
    return _back()


def _member_of_the_team(request: HttpRequest, member_id: int) -> Any:
    """The school's own member, for its direction; 404 for another school's or an unknown id,
    whoever asks, before any role is checked."""
    user: Any = request.user
    member = team.team_of(user.school_id).filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


@require_http_methods(["GET", "POST"])
@school_member_required
def deactivate_view(request: HttpRequest, member_id: int) -> HttpResponse:
    """Two steps, without script: the team page's link opens (GET) a page that says what
    deactivation does; only its POST deactivates, with ``confirm`` and the page's token
    (relais.accounts.team: bound to the member and to the one who asks, 30 minutes). A POST
    without them (an old page, a forged one) gets that page again, nothing changed."""
    member = _member_of_the_team(request, member_id)
    refused = _direction_only(request)
    if refused is not None:
        return refused
    user: Any = request.user
    if member.pk == user.pk:
        messages.error(
            request,
            _("You cannot deactivate your own account. Ask another member of the direction."),
        )
        return _back()
    if not member.is_active:
        messages.info(
            request,
            _("%(name)s's account is already deactivated.") % {"name": member.get_username()},
        )
        return _back()
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        return _confirm_deactivation(request, member)
    why = team.deactivation_refused(request.POST.get("token", ""), member, user)
    if why:
        return _confirm_deactivation(request, member, why)
    try:
        team.deactivate_member(by=user, member_id=member.pk)
    except User.DoesNotExist:
        raise Http404 from None
    except team.TeamError as error:
        messages.error(request, error.message)
        return _back()
    messages.success(
        request,
        _(
            "%(name)s's account is deactivated: it can no longer sign in. You can reactivate "
            "it from this page."
        )
        % {"name": member.get_username()},
    )
    return _back()


def _confirm_deactivation(request: HttpRequest, member: Any, refused: str = "") -> HttpResponse:
    """The confirmation page, with a fresh token; status 400 when a confirmation was refused."""
    context = {
        "member": member,
        "token": team.deactivation_token(member, request.user),  # type: ignore[arg-type]
        "refused": refused,
    }
    status = 400 if refused else 200
    return render(request, "accounts/team_deactivate.html", context, status=status)


@require_POST
@school_member_required
def reactivate_view(request: HttpRequest, member_id: int) -> HttpResponse:
    """One POST: reactivating gives back what was taken away, and the direction may deactivate
    the account again. Only an account the school deactivated (relais.accounts.team)."""
    member = _member_of_the_team(request, member_id)
    refused = _direction_only(request)
    if refused is not None:
        return refused
    if member.is_active:
        messages.info(
            request, _("%(name)s's account is already active.") % {"name": member.get_username()}
        )
        return _back()
    try:
        team.reactivate_member(by=request.user, member_id=member.pk)  # type: ignore[arg-type]
    except User.DoesNotExist:
        raise Http404 from None
    except team.TeamError as error:
        messages.error(request, error.message)
        return _back()
    messages.success(
        request,
        _(
            "%(name)s's account is active again: it signs in with its own password and "
            "authenticator app."
        )
        % {"name": member.get_username()},
    )
    return _back()


@require_POST
@school_member_required
def withdraw_view(request: HttpRequest, invitation_id: UUID) -> HttpResponse:
    user: Any = request.user
    # Only the school's own invitations exist here: another school's id is 404, for anyone.
    if not withdrawal.invitations_within_reach(user).filter(pk=invitation_id).exists():
        raise Http404
    refused = _direction_only(request)
    if refused is not None:
        return refused
    try:
        invitation = withdrawal.withdraw_invitation(by=user, invitation_id=invitation_id)
    except Invitation.DoesNotExist:
        raise Http404 from None
    except invitations.InvitationError as error:
        messages.error(request, error.message)
        return _back()
    messages.success(
        request,
        _("The invitation (%(role)s) sent on %(sent)s is withdrawn: its link no longer works.")
        % {
            "role": invitation.get_role_display(),
            "sent": invitations.when(invitation.school, invitation.created_at),
        },
    )
    return _back()

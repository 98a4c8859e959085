"""The school's case page and its forms, under /school/cases/<id>/.

Every view fetches the case through relais.cases.access (404 for anyone but a member of the
case's own school, whatever their role), parses one form, calls one service, and answers 303
back to the case; a refusal (a form error or a services.CaseError) shows the page again with the
form as it was sent and status 400, nothing stored.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.cases import closing, earlier_texts_views, page, reading, services
from relais.cases.access import (
    case_member_required,
    get_case_for,
    is_school_side,
    may_read_names,
)
from relais.cases.forms import CloseForm, ConditionsForm, NoteForm, PersonForm, StepForm
from relais.cases.models import Case, CasePerson, CaseState, NoteAudience
from relais.cases.views import to_case
from relais.evidence import services as vault
from relais.evidence.download import file_name, stream


def school_case(request: HttpRequest, case_id: Any) -> Case:
    """The case, for a member of its own school; 404 for anyone else (another school's member,
    a case worker, a relay), so that an id tells nothing of whether it exists."""
    case = get_case_for(request.user, case_id)
    if not is_school_side(request.user, case):
        raise Http404
    return case


# A message saved for a section of the case page carries this tag and the section's anchor.
SECTION = "section-"


def _saved(request: HttpRequest, case: Case, text: str, at: str) -> HttpResponse:
    """303 back to the case's section ``at``, with ``text`` shown inside that section: after the
    jump to the anchor, the page's top (and a message there) is out of view."""
    messages.success(request, text, extra_tags=f"{SECTION}{at}")
    return to_case(case, at)


def _flashes(request: HttpRequest) -> dict[str, list[Any]]:
    """The messages waiting for this page, by the section they belong to ("top": the page's)."""
    found: dict[str, list[Any]] = {}
    for message in messages.get_messages(request):
        tags = [tag for tag in message.extra_tags.split() if tag.startswith(SECTION)]
        found.setdefault(tags[0][len(SECTION) :] if tags else "top", []).append(message)
    return found


def _page(
    request: HttpRequest, case: Case, forms: page.Forms | None = None, status: int = 200
) -> HttpResponse:
    names = reading.view_case(case=case, user=request.user, names=request.GET.get("names") == "1")
    context = page.context(
        case,
        request.user,
        now=timezone.now(),
        forms=forms or page.Forms(),
        names=names,
        flashes=_flashes(request),
    )
    return render(request, "cases/case.html", context, status=status)


def _refused(
    request: HttpRequest, case: Case, forms: page.Forms, at: str, error: Any = None
) -> HttpResponse:
    """The page again, status 400, the form as sent with what is wrong: a field's error beside
    it, the service's refusal at the top of the form; `at` is the form's anchor."""
    if error is not None:
        form = forms.bound()
        assert form is not None
        form.add_error(None, str(error))
    forms.error_at = at
    return _page(request, case, forms, status=400)


@require_GET
@case_member_required
def case_view(request: HttpRequest, case_id: Any) -> HttpResponse:
    return _page(request, school_case(request, case_id))


@require_POST
@case_member_required
def conditions_view(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = school_case(request, case_id)
    form = ConditionsForm(request.POST)
    forms = page.Forms(conditions=form)
    if not form.is_valid():
        return _refused(request, case, forms, "conditions")
    try:
        services.change_conditions(
            case=case, by=request.user, summary=form.cleaned_data["summary"], **form.flags()
        )
    except services.CaseError as error:
        return _refused(request, case, forms, "conditions", error.message)
    return _saved(
        request, case, _("What is known of the case was saved; the checklist follows it."), "about"
    )


@require_POST
@case_member_required
def step_view(request: HttpRequest, case_id: Any, key: str) -> HttpResponse:
    case = school_case(request, case_id)
    try:
        step = services.protocol_of(case).step(key)
    except KeyError:
        raise Http404 from None
    form = StepForm(request.POST, step=step)
    forms = page.Forms(steps={key: form})
    if not form.is_valid():
        return _refused(request, case, forms, f"step-{key}")
    track = case.track
    try:
        services.record_step(case=case, key=key, value=form.value(), by=request.user)
    except services.CaseError as error:
        return _refused(request, case, forms, f"step-{key}", error.message)
    return _saved(
        request, case, _recorded(services.protocol_of(case), step, track, case), "checklist"
    )


def _recorded(protocol: Any, step: Any, track: str, case: Any) -> str:
    """ "Recorded: <title>." - no second stop after a title that is a question ("…résultats ?");
    and, when the answer moved the case to another track (record_step sets case.track), which."""
    title = step.label()
    message = _("Recorded: %(step)s") % {"step": title}
    if not title.rstrip().endswith(("?", "!", ".", "…")):
        message += "."
    if case.track != track:
        new = next((t for t in protocol.tracks if t.key == case.track), None)
        name = new.label() if new is not None else case.track
        message += " " + _("The case moves to the track: %(track)s.") % {"track": name}
    return message


@require_POST
@case_member_required
def add_person_view(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = school_case(request, case_id)
    form = PersonForm(request.POST, names=may_read_names(request.user, case))
    forms = page.Forms(person=form)
    if not form.is_valid():
        return _refused(request, case, forms, "people")
    try:
        person = services.add_person(case=case, by=request.user, **form.values())
    except services.CaseError as error:
        return _refused(request, case, forms, "people", error.message)
    text = _("%(label)s was added to the case.") % {"label": person.label}
    return earlier_texts_views.after_saving(request, case, person, text) or _saved(
        request, case, text, "people"
    )


@require_POST
@case_member_required
def person_view(request: HttpRequest, case_id: Any, person_id: Any) -> HttpResponse:
    case = school_case(request, case_id)
    person = CasePerson.objects.filter(case=case, pk=person_id).first()
    if person is None:
        raise Http404
    # The real-name field is on the form only where the direction asked to read the names.
    names = may_read_names(request.user, case) and f"person-{person.pk}-real_name" in request.POST
    form = PersonForm(request.POST, prefix=f"person-{person.pk}", names=names)
    forms = page.Forms(people={str(person.pk): form})
    if not form.is_valid():
        return _refused(request, case, forms, f"person-{person.pk}")
    named = person.real_name
    try:
        person = services.change_person(person=person, by=request.user, **form.values())
    except services.CaseError as error:
        return _refused(request, case, forms, f"person-{person.pk}", error.message)
    text = _("%(label)s was changed.") % {"label": person.label}
    # The earlier texts are listed when the name is written, not at each later edit.
    if person.real_name != named:
        listed = earlier_texts_views.after_saving(request, case, person, text)
        if listed is not None:
            return listed
    return _saved(request, case, text, "people")


@require_POST
@case_member_required
def note_view(request: HttpRequest, case_id: Any, audience: str) -> HttpResponse:
    case = school_case(request, case_id)
    if audience not in NoteAudience.values:
        raise Http404
    form = NoteForm(request.POST, prefix=audience)
    forms = page.Forms(notes={audience: form})
    if not form.is_valid():
        return _refused(request, case, forms, f"notes-{audience}")
    try:
        services.write_note(
            case=case, by=request.user, body=form.cleaned_data["body"], audience=audience
        )
    except services.CaseError as error:
        return _refused(request, case, forms, f"notes-{audience}", error.message)
    return _saved(request, case, _("The note was saved."), f"notes-{audience}")


@require_http_methods(["GET", "POST"])
@case_member_required
def close_view(request: HttpRequest, case_id: Any) -> HttpResponse:
    """Closing takes two steps, without script: the case page's form asks (GET) for a page that
    states the outcome chosen and what closing changes; only its POST closes, with ``confirm``
    and the page's token (relais.cases.closing: bound to the case, the member and the outcome,
    30 minutes). A POST without them (an old form, a forged one) gets that page again, nothing
    closed, and says why when the token expired or does not match."""
    case = school_case(request, case_id)
    if case.state != CaseState.OPEN:
        return to_case(case)
    form = CloseForm(request.POST if request.method == "POST" else request.GET)
    forms = page.Forms(close=form)
    if not services.may_close(request.user, case):
        # The closing form is not on an educator's page: the reason goes at the page's top.
        forms.error_at, forms.error_text = "close", _("Only the school's direction closes a case.")
        return _page(request, case, forms, status=400)
    if not form.is_valid():
        # No outcome chosen: said beside the choices, where the form's "#close" lands; nothing
        # at the page's top, which the reader has scrolled past.
        return _page(request, case, forms, status=400)
    outcome = form.cleaned_data["outcome"]
    if request.method == "GET" or request.POST.get("confirm") != "yes":
        return _confirm_closing(request, case, form)
    refused = closing.confirmation_refused(
        request.POST.get("token", ""), case, request.user, outcome
    )
    if refused:
        return _confirm_closing(request, case, form, refused)
    try:
        services.close_case(case=case, by=request.user, outcome=outcome)
    except services.CaseError as error:
        return _refused(request, case, forms, "close", error.message)
    messages.success(request, _("The case is closed."))
    return to_case(case)


def _confirm_closing(
    request: HttpRequest, case: Case, form: CloseForm, refused: str = ""
) -> HttpResponse:
    """The confirmation page, with a fresh token; status 400 when a confirmation was refused."""
    context = page.closing(case, form)
    context["token"] = closing.confirmation_token(case, request.user, context["outcome"])
    context["refused"] = refused
    return render(request, "cases/close_confirm.html", context, status=400 if refused else 200)


@require_GET
@case_member_required
def shared_copy_view(request: HttpRequest, case_id: Any, share_id: Any) -> HttpResponse:
    """The stripped copy shared with the school, of an alert the case gathers; never the
    original. Audited each time."""
    case = school_case(request, case_id)
    share = page.shared_evidence(case).filter(pk=share_id).first()
    copy = vault.shareable_copy(share.item) if share is not None else None
    if share is None or copy is None:
        raise Http404
    reading.download_shared_copy(case=case, item=share.item, user=request.user)
    name = file_name(share.item, copy.media_type, "copy")
    return stream(copy, copy.media_type, name, inline=False)

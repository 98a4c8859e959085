"""The direction's page of the earlier texts that hold a person's real name, and where saving a
name leads (relais/cases/earlier_texts.py finds the texts and audits them)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from relais.cases.access import case_member_required, get_case_for, may_read_names
from relais.cases.earlier_texts import texts_naming
from relais.cases.models import Case, CasePerson


def after_saving(
    request: HttpRequest, case: Case, person: CasePerson, text: str
) -> HttpResponse | None:
    """Where the direction goes after writing a real name that earlier texts hold: the list of
    them (303), with ``text`` (what was saved) at its top; None when no text holds it, or for
    anyone else."""
    if not person.real_name or not may_read_names(request.user, case):
        return None
    if not texts_naming(case, person):
        return None
    messages.success(request, text)
    # 303, as every POST of the case's pages answers: a reload never posts twice.
    url = reverse("cases:person_texts", args=[case.pk, person.pk])
    return HttpResponseRedirect(url, status=303)


@require_GET
@case_member_required
def person_texts_view(request: HttpRequest, case_id: Any, person_id: Any) -> HttpResponse:
    """The earlier texts that hold a person's real name, by kind and date, for the direction of
    the case's school; 404 for anyone else, an educator of the same school included."""
    case = get_case_for(request.user, case_id)
    if not may_read_names(request.user, case):
        raise Http404
    person = CasePerson.objects.filter(case=case, pk=person_id).first()
    if person is None:
        raise Http404
    texts = texts_naming(case, person)
    # The advice to write the label instead is for the texts that can still be changed only.
    editable = sum(1 for text in texts if text.editable)
    context = {"case": case, "person": person, "texts": texts, "editable": editable}
    return render(request, "cases/person_texts.html", context)

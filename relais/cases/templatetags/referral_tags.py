"""The referrals' part of the case page (cases/_referrals.html, included by the case page):
it loads its own rows, so that the case page's view needs to know nothing of referrals. And
`referral_delivery`, what became of a referral's e-mail for the checklist's line under a step
(relais/cases/referral_delivery.py), read once for the whole checklist."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from relais.cases.access import is_school_side
from relais.cases.models import Case, CaseState, Referral, ReferralState
from relais.cases.referral_delivery import Delivery, deliveries
from relais.cases.referral_resend import may_resend
from relais.notices.texts import texts_for

register = template.Library()

WITHDRAWABLE = (ReferralState.SENT, ReferralState.ACCEPTED)


@register.inclusion_tag("cases/_referral_panel.html", takes_context=True)
def referrals_panel(context: template.Context, case: Case) -> dict[str, Any]:
    user = context.get("user")
    now = timezone.now()
    school_side = is_school_side(user, case)
    delivered = deliveries(case)
    rows = [
        {
            "referral": referral,
            "delivery": _told(referral, delivered.get(referral.pk)),
            "overdue": referral.state == ReferralState.SENT and referral.answer_by < now,
            "withdrawable": school_side and referral.state in WITHDRAWABLE,
            "resendable": school_side and may_resend(referral, case),
        }
        for referral in Referral.objects.filter(case=case)
        .select_related("service")
        .order_by("-sent_at")
    ]
    return {
        "case": case,
        # What the school's last POST here did (relais/cases/referral_views.py, HERE). A double
        # tap posts twice before the page loads: the same words are said once.
        "flashes": _once((context.get("flashes") or {}).get("referrals", [])),
        "rows": rows,
        "school_side": school_side,
        "may_refer": school_side and case.state == CaseState.OPEN,
        "zone": texts_for(case.school.jurisdiction).time_zone,
    }


def _told(referral: Referral, delivery: Delivery | None) -> Delivery | None:
    """The e-mail's fate, while it matters: the service has not answered yet, or the school sent
    an accepted referral its link again (to record the work done) after the answer."""
    if delivery is None:
        return None
    if referral.state == ReferralState.SENT:
        return delivery
    if referral.state == ReferralState.ACCEPTED and referral.answered_at is not None:
        return delivery if delivery.queued_at > referral.answered_at else None
    return None


def _once(flashes: list[Any]) -> list[Any]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for message in flashes:
        key = (message.level_tag, str(message))
        if key not in seen:
            seen.add(key)
            kept.append(message)
    return kept


@register.simple_tag(takes_context=True)
def referral_delivery(context: template.Context, referral: Referral) -> Delivery | None:
    """``{% referral_delivery referral as delivery %}`` in the checklist: the case's referrals'
    e-mails are read at the first call and kept for the rest of the template's rendering."""
    key = f"referral_deliveries:{referral.case_id}"
    found = context.render_context.get(key)
    if found is None:
        found = context.render_context[key] = deliveries(referral.case_id)
    return found.get(referral.pk) if referral.state == ReferralState.SENT else None

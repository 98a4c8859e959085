"""The referrals' part of the case page (cases/_referrals.html, included by the case page):
it loads its own rows, so that the case page's view needs to know nothing of referrals."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from relais.cases.access import is_school_side
from relais.cases.models import Case, CaseState, Referral, ReferralState
from relais.cases.referral_resend import may_resend
from relais.notices.texts import texts_for

register = template.Library()

WITHDRAWABLE = (ReferralState.SENT, ReferralState.ACCEPTED)


@register.inclusion_tag("cases/_referral_panel.html", takes_context=True)
def referrals_panel(context: template.Context, case: Case) -> dict[str, Any]:
    user = context.get("user")
    now = timezone.now()
    school_side = is_school_side(user, case)
    rows = [
        {
            "referral": referral,
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
        # What the school's last POST here did (relais/cases/referral_views.py, HERE).
        "flashes": (context.get("flashes") or {}).get("referrals", []),
        "rows": rows,
        "school_side": school_side,
        "may_refer": school_side and case.state == CaseState.OPEN,
        "zone": texts_for(case.school.jurisdiction).time_zone,
    }

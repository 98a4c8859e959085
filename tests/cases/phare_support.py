"""pHARe's 15-day review follows the first interviews of the shared-concern method (`after:
sc_interviews`), which follow the hearing of the pupil targeted: the tests that answer the
review record both first, as a school would."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from relais.cases.services import record_step


def reach_the_review(case: Any, by: Any) -> None:
    """Record what the review follows: the hearing (today) and the first interviews."""
    today = timezone.localdate().isoformat()
    record_step(case=case, key="hear_target", value={"date": today}, by=by)
    record_step(case=case, key="sc_interviews", value={"text": "Entretiens menés."}, by=by)

"""pHARe's 15-day review now follows the first shared-concern interviews (`after: sc_interviews`)
instead of the opening. The open cases' review steps still carried a due date counted from the
opening: the sweep would remind and escalate a step the school cannot record yet. Their due date
is counted again: none while the interviews are not recorded, 15 days after them otherwise, with
the moments to remind and escalate never inside a window already swept
(relais.cases.marks.earliest_unswept). The delays are pHARe's when this was written."""

from datetime import timedelta

from django.db import migrations
from django.db.models import Max
from django.utils import timezone

REVIEW_DELAY = timedelta(days=15)
ESCALATION_DELAY = timedelta(days=7)  # the protocol's, as the review has none of its own


def forwards(apps, schema_editor):
    CaseStep = apps.get_model("cases", "CaseStep")
    DeadlineSweep = apps.get_model("cases", "DeadlineSweep")
    now = timezone.now()
    last = DeadlineSweep.objects.aggregate(last=Max("through"))["last"]
    earliest = now if last is None or last < now else last + timedelta(microseconds=1)
    reviews = list(
        CaseStep.objects.filter(
            case__protocol="phare", case__state="open", key="sc_review", done_at__isnull=True
        )
    )
    interviews = dict(
        CaseStep.objects.filter(
            case_id__in=[review.case_id for review in reviews], key="sc_interviews"
        ).values_list("case_id", "done_at")
    )
    for review in reviews:
        done = interviews.get(review.case_id)
        if done is None:
            review.due_at = review.remind_at = review.escalate_at = None
        else:
            review.due_at = done + REVIEW_DELAY
            review.remind_at = max(review.due_at, earliest)
            review.escalate_at = max(review.due_at + ESCALATION_DELAY, earliest)
    CaseStep.objects.bulk_update(reviews, ["due_at", "remind_at", "escalate_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_deadlinesweep_linked"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

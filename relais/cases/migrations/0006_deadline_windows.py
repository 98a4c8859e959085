# The deadline sweep no longer marks each step it reminds (a first sweep over a backlog wrote
# hundreds of thousands of rows: bench/cases.py); each run writes one DeadlineSweep row, and a
# step carries when the sweep is to remind it and to propose its escalation
# (relais/cases/deadlines.py). The marks already written become runs, so that every step keeps
# the date it was reminded on, and what was never reminded is reminded by the next sweep.

from bisect import bisect_left
from datetime import UTC, datetime, timedelta

from django.db import migrations, models

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
TICK = timedelta(microseconds=1)


def _escalation_delay(protocol_key, step_key):
    # The protocol files are data shipped beside the code: the delay in force now applies.
    from relais.protocols.loader import get_protocol
    from relais.protocols.model import Protocol

    try:
        protocol = get_protocol(protocol_key)
        return protocol.escalation_delay(protocol.step(step_key))
    except KeyError:  # a protocol or step since withdrawn
        return Protocol.escalate_after


def marks_to_runs(apps, schema_editor):
    db = schema_editor.connection.alias
    CaseStep = apps.get_model("cases", "CaseStep")
    DeadlineSweep = apps.get_model("cases", "DeadlineSweep")
    steps = list(
        CaseStep.objects.using(db)
        .filter(done_at__isnull=True, due_at__isnull=False)
        .select_related("case")
    )
    # Each former sweep marked its steps with its own `now`: one run per distinct mark.
    times = sorted(
        {s.reminded_at for s in steps if s.reminded_at}
        | {s.escalation_proposed_at for s in steps if s.escalation_proposed_at}
    )
    # The former sweep marked a school without an official address reminded all the same; its
    # audit row on the case said `emailed: false`. Those runs list the school as not e-mailed, so
    # that no page says a reminder was sent to it.
    AuditEvent = apps.get_model("audit", "AuditEvent")
    unmailed_cases = {
        row.object_id
        for row in AuditEvent.objects.using(db).filter(
            action="case.step_reminded", object_type="cases.case"
        )
        if row.details.get("emailed") is False
    }
    unmailed: dict[datetime, set[str]] = {}
    for step in steps:
        if step.reminded_at and str(step.case_id) in unmailed_cases:
            unmailed.setdefault(step.reminded_at, set()).add(str(step.case.school_id))
    since = EPOCH
    for through in times:
        DeadlineSweep.objects.using(db).create(
            since=since,
            through=through,
            ran_at=through,
            unmailed=sorted(unmailed.get(through, ())),
        )
        since = through
    after_last = since + TICK  # what no sweep took up yet falls to the next one
    for step in steps:
        step.remind_at = step.reminded_at or max(step.due_at, after_last)
        step.escalate_at = step.escalation_proposed_at or max(
            step.due_at + _escalation_delay(step.case.protocol, step.key), after_last
        )
    CaseStep.objects.using(db).bulk_update(steps, ["remind_at", "escalate_at"], batch_size=500)


def runs_to_marks(apps, schema_editor):
    db = schema_editor.connection.alias
    CaseStep = apps.get_model("cases", "CaseStep")
    DeadlineSweep = apps.get_model("cases", "DeadlineSweep")
    runs = list(DeadlineSweep.objects.using(db).order_by("through"))
    ends = [run.through for run in runs]

    def ran(moment):
        index = bisect_left(ends, moment) if moment is not None else len(ends)
        return runs[index].ran_at if index < len(runs) else None

    steps = list(CaseStep.objects.using(db).filter(done_at__isnull=True, due_at__isnull=False))
    for step in steps:
        step.reminded_at = ran(step.remind_at)
        step.escalation_proposed_at = ran(step.escalate_at)
    CaseStep.objects.using(db).bulk_update(
        steps, ["reminded_at", "escalation_proposed_at"], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_case_alert_linked_at"),
        ("audit", "0004_case_escalation_sent"),
    ]

    operations = [
        migrations.CreateModel(
            name="DeadlineSweep",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("since", models.DateTimeField(unique=True)),
                ("through", models.DateTimeField(unique=True)),
                ("ran_at", models.DateTimeField()),
                ("reminded", models.PositiveIntegerField(default=0)),
                ("emails", models.PositiveIntegerField(default=0)),
                ("proposed", models.PositiveIntegerField(default=0)),
                ("unmailed", models.JSONField(blank=True, default=list)),
            ],
            options={
                "verbose_name": "deadline sweep",
                "verbose_name_plural": "deadline sweeps",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("since__lt", models.F("through"))),
                        name="sweep_window",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="casestep",
            name="remind_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="casestep",
            name="escalate_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(marks_to_runs, runs_to_marks),
        # The sweep no longer reads open steps by due date across cases: the index only slowed
        # every write of a step.
        migrations.RemoveIndex(model_name="casestep", name="case_step_open_due"),
        migrations.RemoveIndex(model_name="casestep", name="case_step_to_remind"),
        migrations.RemoveIndex(model_name="casestep", name="case_step_to_escalate"),
        migrations.RemoveField(model_name="casestep", name="escalation_proposed_at"),
        migrations.RemoveField(model_name="casestep", name="reminded_at"),
        migrations.AddIndex(
            model_name="casestep",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True)),
                fields=["remind_at"],
                name="case_step_remind",
            ),
        ),
        migrations.AddIndex(
            model_name="casestep",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True)),
                fields=["escalate_at"],
                name="case_step_escalate",
            ),
        ),
    ]

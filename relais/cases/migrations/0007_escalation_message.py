# Each step escalated to the school's authority names the e-mail that carried it, so that the
# alert page can say whether the authority's server accepted or refused it
# (relais/cases/escalation_delivery.py). The escalations already sent are linked from their audit
# rows `case.escalation_sent`, which hold the case, the steps' keys and the e-mail's Message-ID.

import django.db.models.deletion
from django.db import migrations, models


def link_sent_escalations(apps, schema_editor):
    db = schema_editor.connection.alias
    AuditEvent = apps.get_model("audit", "AuditEvent")
    CaseStep = apps.get_model("cases", "CaseStep")
    OutboxMessage = apps.get_model("notices", "OutboxMessage")
    rows = (
        AuditEvent.objects.using(db)
        .filter(action="case.escalation_sent", object_type="cases.case")
        .order_by("at", "id")  # a later e-mail for the same step wins
        .values_list("object_id", "details")
    )
    for case_id, details in rows.iterator():
        message_id, keys = details.get("message_id"), details.get("steps") or []
        message = OutboxMessage.objects.using(db).filter(message_id=message_id).first()
        if message is None or not keys:
            continue
        CaseStep.objects.using(db).filter(
            case_id=case_id, key__in=keys, escalation_sent_at__isnull=False
        ).update(escalation_message=message)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_case_escalation_sent"),
        ("cases", "0006_deadline_windows"),
        ("notices", "0006_outbox_state_cancelled"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestep",
            name="escalation_message",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="notices.outboxmessage",
            ),
        ),
        migrations.RunPython(link_sent_escalations, migrations.RunPython.noop),
    ]

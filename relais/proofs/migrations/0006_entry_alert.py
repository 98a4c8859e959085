"""Which alert an entry concerns moves from the ProofLink table to a column of the entry, so that
an append is one INSERT, not two (docs/proofs.md, the log's cost). The links are copied, then
their table goes; back, the table is rebuilt from the column. As with the link, deleting an alert
leaves its entries in the log (SET_NULL, where the link was deleted with the alert). Also the
case and referral kinds' choices (labels only, no column change)."""

from django.db import migrations, models
from django.db.models.deletion import SET_NULL


def links_to_column(apps, schema_editor):
    entries = apps.get_model("proofs", "ProofEntry").objects
    links = apps.get_model("proofs", "ProofLink").objects
    # One UPDATE, however many entries: the column takes each entry's link.
    alert = links.filter(entry_id=models.OuterRef("pk")).values("alert_id")[:1]
    entries.filter(pk__in=links.values("entry_id")).update(alert_id=models.Subquery(alert))


def column_to_links(apps, schema_editor):
    entries = apps.get_model("proofs", "ProofEntry").objects
    link = apps.get_model("proofs", "ProofLink")
    pairs = entries.filter(alert__isnull=False).values_list("pk", "alert_id").iterator()
    link.objects.bulk_create(
        (link(entry_id=entry, alert_id=alert) for entry, alert in pairs), batch_size=5000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("proofs", "0005_entry_kind_choices"),
    ]

    operations = [
        migrations.AddField(
            model_name="proofentry",
            name="alert",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=SET_NULL,
                related_name="proof_entries",
                to="alerts.alert",
                verbose_name="alert",
            ),
        ),
        migrations.RunPython(links_to_column, column_to_links),
        migrations.DeleteModel(name="ProofLink"),
        migrations.AlterField(
            model_name="proofentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("alert.received", "alert received"),
                    ("message.received", "message received from the reporter"),
                    ("consent.changed", "consent changed"),
                    ("notice.sent", "notice sent to the school"),
                    ("notice.acknowledged", "notice acknowledged by the school"),
                    ("evidence.sealed", "evidence sealed in the vault"),
                    ("evidence.withdrawn", "file taken back by whoever sent it"),
                    ("evidence.imported", "chat export read into the timeline"),
                    ("evidence.link_captured", "link to online content recorded"),
                    ("evidence.participant_role", "who someone in a chat is, as the family says"),
                    (
                        "evidence.occurred_at_corrected",
                        "date of a file, a message or a link given or corrected",
                    ),
                    ("document.generated", "document generated"),
                    ("case.opened", "case opened by the school"),
                    ("case.step_recorded", "step of the school's protocol recorded"),
                    ("case.closed", "case closed by the school"),
                    ("referral.sent", "case referred to a service"),
                    ("referral.answered", "a service answered a referral"),
                ],
                max_length=64,
                verbose_name="kind",
            ),
        ),
    ]

"""Proof kinds as choices (relais.proofs.kinds.ProofKind): the stored values do not change."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proofs", "0004_entry_merge_by"),
    ]

    operations = [
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
                ],
                max_length=64,
                verbose_name="kind",
            ),
        ),
    ]

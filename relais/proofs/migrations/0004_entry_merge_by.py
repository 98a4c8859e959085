"""Every entry gets the time by which the log promises to hold it in a signed tree head. Entries
written before promises existed were promised nothing: their merge_by is their own time, so that
`relais proofs check` reports any of them still not merged."""

from django.db import migrations, models


def merge_by_recorded_at(apps, schema_editor):
    entries = apps.get_model("proofs", "ProofEntry").objects
    entries.filter(merge_by__isnull=True).update(merge_by=models.F("recorded_at"))


class Migration(migrations.Migration):
    dependencies = [("proofs", "0003_log_state_row")]

    operations = [
        migrations.AddField(
            model_name="proofentry",
            name="merge_by",
            field=models.DateTimeField(null=True, verbose_name="merge by"),
        ),
        migrations.RunPython(merge_by_recorded_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="proofentry",
            name="merge_by",
            field=models.DateTimeField(verbose_name="merge by"),
        ),
        migrations.RemoveIndex(model_name="proofentry", name="proofs_unsequenced"),
        migrations.AddIndex(
            model_name="proofentry",
            index=models.Index(
                condition=models.Q(("leaf_index__isnull", True)),
                fields=["merge_by", "id"],
                name="proofs_unmerged",
            ),
        ),
    ]

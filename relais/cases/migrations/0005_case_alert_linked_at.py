import django.utils.timezone
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def from_the_opening(apps, schema_editor):
    """Links made before this field: when they were made is not known, so each takes its case's
    opening, and its family goes on seeing what it saw before."""
    CaseAlert = apps.get_model("cases", "CaseAlert")
    Case = apps.get_model("cases", "Case")
    opened = Case.objects.filter(pk=OuterRef("case_id")).values("opened_at")[:1]
    CaseAlert.objects.update(linked_at=Subquery(opened))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_sweep_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="casealert",
            name="linked_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="gathered on"
            ),
        ),
        migrations.RunPython(from_the_opening, migrations.RunPython.noop),
    ]

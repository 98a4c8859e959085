# The deadline sweep's marks (relais/cases/deadlines.py, relais/cases/escalations.py).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_referral_message"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestep",
            name="escalation_sent_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="escalation sent at"),
        ),
        migrations.AddField(
            model_name="referral",
            name="overdue_flagged_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="flagged overdue at"),
        ),
    ]

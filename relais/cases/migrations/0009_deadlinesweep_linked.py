"""The runs written before SweepReminder existed have no links to their e-mails: they are marked
unlinked (their pages say "rappel envoyé" as before), and every later run is linked."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_sweep_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadlinesweep",
            name="linked",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="deadlinesweep",
            name="linked",
            field=models.BooleanField(default=True),
        ),
    ]

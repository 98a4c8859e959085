"""The timeline's models leave the evidence app's state: timeline 0001 took them over, tables and
rows untouched (issue 11, point 3). Nothing runs on the database."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0004_chat_import_being_read"),
        ("timeline", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="ChatImport"),
                migrations.DeleteModel(name="EvidenceText"),
                migrations.DeleteModel(name="LinkCapture"),
                migrations.DeleteModel(name="Participant"),
                migrations.DeleteModel(name="TimelineEvent"),
            ],
        ),
    ]

"""The log's state row exists from the start: a new alert is signed in its own transaction only
when it can lock that row at once (sequencer.append_and_sign)."""

from django.db import migrations


def create_state_row(apps, schema_editor):
    apps.get_model("proofs", "LogState").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("proofs", "0002_log_state_frontier")]

    operations = [migrations.RunPython(create_state_row, migrations.RunPython.noop)]

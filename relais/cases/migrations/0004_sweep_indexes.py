# What the deadline sweep has still to do, by due date (relais/cases/deadlines.py), and each
# case's next due step (the school's case list, relais/cases/listing.py).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_deadlines"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="casestep",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True), ("reminded_at__isnull", True)),
                fields=["due_at"],
                name="case_step_to_remind",
            ),
        ),
        migrations.AddIndex(
            model_name="casestep",
            index=models.Index(
                condition=models.Q(
                    ("done_at__isnull", True), ("escalation_proposed_at__isnull", True)
                ),
                fields=["due_at"],
                name="case_step_to_escalate",
            ),
        ),
        migrations.AddIndex(
            model_name="casestep",
            index=models.Index(
                condition=models.Q(("done_at__isnull", True), ("due_at__isnull", False)),
                fields=["case", "due_at", "key"],
                name="case_step_next_due",
            ),
        ),
    ]

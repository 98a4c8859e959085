# The e-mail that carries a referral's link (relais/cases/referral_mail.py).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("notices", "0003_outbox_kind_staff"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="message",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="notices.outboxmessage",
            ),
        ),
    ]

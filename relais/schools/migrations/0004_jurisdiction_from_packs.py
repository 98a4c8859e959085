"""Jurisdiction choices read from the packs (relais.jurisdictions.packs.jurisdiction_choices):
the migration names the callable, so that adding a pack asks for no migration."""

import relais.jurisdictions.packs
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0003_search_trigram_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="school",
            name="jurisdiction",
            field=models.CharField(
                choices=relais.jurisdictions.packs.jurisdiction_choices,
                max_length=8,
                verbose_name="jurisdiction",
            ),
        ),
    ]

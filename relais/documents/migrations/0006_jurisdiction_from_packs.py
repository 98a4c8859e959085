"""Jurisdiction choices read from the packs (relais.jurisdictions.packs.jurisdiction_choices):
the migration names the callable, so that adding a pack asks for no migration."""

import relais.jurisdictions.packs
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0005_notices_cite_the_table"),
    ]

    operations = [
        migrations.AlterField(
            model_name="generateddocument",
            name="jurisdiction",
            field=models.CharField(
                choices=relais.jurisdictions.packs.jurisdiction_choices,
                max_length=8,
                verbose_name="jurisdiction",
            ),
        ),
        migrations.AlterField(
            model_name="legalreference",
            name="jurisdiction",
            field=models.CharField(
                choices=relais.jurisdictions.packs.jurisdiction_choices,
                max_length=8,
                verbose_name="jurisdiction",
            ),
        ),
    ]

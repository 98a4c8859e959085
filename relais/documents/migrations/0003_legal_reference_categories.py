"""Legal references follow the alert's categories: the new field, the shipped categories of the
existing rows, the references added since (threats, violence, blackmail), and defamation taken
out of the police summary (it is a warning to the family, not a qualification of the facts)."""

from django.db import migrations, models


def forward(apps, schema_editor):
    from relais.documents.legal import load_references, set_categories

    model = apps.get_model("documents", "LegalReference")
    set_categories(model)
    load_references(model)
    for ref in model.objects.filter(jurisdiction="be-fwb", key="cp-443-444"):
        ref.letters = [kind for kind in ref.letters or [] if kind != "police_summary"]
        ref.save(update_fields=["letters"])


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_load_legal_references")]

    operations = [
        migrations.AddField(
            model_name="legalreference",
            name="categories",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text='Cited only for alerts with one of these categories, e.g. ["menace"]; '
                "empty: cited whatever the categories.",
                verbose_name="for the categories",
            ),
        ),
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]

"""Load the shipped legal references (relais/documents/data/legal_references.yaml) once."""

from django.db import migrations


def load(apps, schema_editor):
    from relais.documents.legal import load_references

    load_references(apps.get_model("documents", "LegalReference"))


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""The notice to the school cites its law from the same table as the letters: the rows it cites
are marked `notice`, and the pHARe programme, which only the notice cited, becomes a row. No
administrator's correction is overwritten: existing rows only gain the `notice` mark."""

from django.db import migrations

NOTICE_CITES = {"fr": ["educ-l511-3-1"], "be-fwb": ["ens-1-7-10-4"]}


def forward(apps, schema_editor):
    from relais.documents.legal import load_references

    model = apps.get_model("documents", "LegalReference")
    for jurisdiction, keys in NOTICE_CITES.items():
        for ref in model.objects.filter(jurisdiction=jurisdiction, key__in=keys):
            if "notice" not in (ref.letters or []):
                ref.letters = ["notice", *(ref.letters or [])]
                ref.save(update_fields=["letters"])
    load_references(model)


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_generated_document_fingerprint")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]

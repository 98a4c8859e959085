"""Rewrite every school's search column as words (relais.schools.names): whole words, the other
names of Belgian communes. Run again whenever data/be-communes.yaml changes:
`relais reindex_schools`."""

from django.db import migrations

BATCH = 2000


def rewrite(apps, schema_editor):
    from relais.schools.names import search_text

    School = apps.get_model("schools", "School")
    db = schema_editor.connection.alias
    schools = School.objects.using(db).only(
        "pk", "name", "city", "postcode", "code", "jurisdiction", "search_text"
    )
    batch = []
    for school in schools.iterator(chunk_size=BATCH):
        school.search_text = search_text(
            name=school.name,
            city=school.city,
            postcode=school.postcode,
            code=school.code,
            jurisdiction=school.jurisdiction,
        )
        batch.append(school)
        if len(batch) == BATCH:
            School.objects.using(db).bulk_update(batch, ["search_text"])
            batch = []
    School.objects.using(db).bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("schools", "0001_initial")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop, elidable=True)]

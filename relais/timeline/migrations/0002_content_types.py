"""The moved models' content types follow them: evidence.<model> becomes timeline.<model>.

Permissions point at their content type, so renaming the row (rather than letting Django create
a new one) keeps every permission given to a group or a person. A database that never had the
old rows (a new one: content types are created after the migrations) has nothing to rename; one
that has both leaves them as they are rather than fail.
"""

from django.db import migrations

MODELS = ("chatimport", "timelineevent", "participant", "evidencetext", "linkcapture")


def _rename(apps, schema_editor, source, target):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if content_type.objects.using(db).filter(app_label=target, model=model).exists():
            continue
        content_type.objects.using(db).filter(app_label=source, model=model).update(
            app_label=target
        )


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, "evidence", "timeline")


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, "timeline", "evidence")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("timeline", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

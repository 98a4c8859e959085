"""The timeline's tables, taken over from the evidence app without moving a row (issue 11).

The tables exist already (evidence 0002 to 0004 created them, and they keep their names through
`db_table`): this migration only tells Django's state that the timeline app owns these models.
Nothing runs on the database. evidence 0005 then removes them from the evidence app's state.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("alerts", "0001_initial"),
        ("evidence", "0004_chat_import_being_read"),
        ("proofs", "0003_log_state_row"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ChatImport",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="created at"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("importing", "being read"),
                                    ("imported", "imported"),
                                    ("not_a_chat", "not a chat export"),
                                    ("failed", "could not be read"),
                                ],
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "platform",
                            models.CharField(blank=True, max_length=16, verbose_name="platform"),
                        ),
                        (
                            "event_count",
                            models.PositiveIntegerField(default=0, verbose_name="number of events"),
                        ),
                        (
                            "events_digest",
                            models.CharField(
                                blank=True, max_length=64, verbose_name="digest of the events"
                            ),
                        ),
                        (
                            "problems",
                            models.JSONField(blank=True, default=list, verbose_name="problems"),
                        ),
                        ("reason", models.TextField(blank=True, verbose_name="reason")),
                        (
                            "item",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="chat_import",
                                to="evidence.evidenceitem",
                                verbose_name="item",
                            ),
                        ),
                        (
                            "proof_entry",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="proofs.proofentry",
                                verbose_name="proof entry",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "chat export import",
                        "verbose_name_plural": "chat export imports",
                        "db_table": "evidence_chatimport",
                    },
                ),
                migrations.CreateModel(
                    name="EvidenceText",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="created at"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        ("text", models.TextField(blank=True, verbose_name="text")),
                        (
                            "folded",
                            models.TextField(
                                blank=True, editable=False, verbose_name="folded text"
                            ),
                        ),
                        ("confidence", models.FloatField(default=0, verbose_name="confidence")),
                        (
                            "reason",
                            models.TextField(blank=True, verbose_name="why no text was read"),
                        ),
                        (
                            "item",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="ocr",
                                to="evidence.evidenceitem",
                                verbose_name="item",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "text read in an image",
                        "verbose_name_plural": "texts read in images",
                        "db_table": "evidence_evidencetext",
                    },
                ),
                migrations.CreateModel(
                    name="LinkCapture",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="created at"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        ("url", models.CharField(max_length=2048, verbose_name="address")),
                        (
                            "seen_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="when it was seen"
                            ),
                        ),
                        (
                            "original_seen_at",
                            models.DateTimeField(
                                blank=True,
                                editable=False,
                                null=True,
                                verbose_name="when it was seen, as first given",
                            ),
                        ),
                        (
                            "note",
                            models.TextField(blank=True, max_length=2000, verbose_name="note"),
                        ),
                        (
                            "platform",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("whatsapp", "WhatsApp"),
                                    ("instagram", "Instagram"),
                                    ("snapchat", "Snapchat"),
                                    ("tiktok", "TikTok"),
                                    ("facebook", "Facebook"),
                                    ("youtube", "YouTube"),
                                    ("discord", "Discord"),
                                    ("telegram", "Telegram"),
                                    ("x", "X (Twitter)"),
                                    ("roblox", "Roblox"),
                                    ("sms", "text messages (SMS)"),
                                    ("other", "another platform"),
                                ],
                                max_length=16,
                                verbose_name="platform",
                            ),
                        ),
                        (
                            "captured_by",
                            models.CharField(
                                choices=[("reporter", "reporter"), ("staff", "staff")],
                                max_length=16,
                                verbose_name="captured by",
                            ),
                        ),
                        (
                            "sexual_image_of_minor",
                            models.BooleanField(
                                default=False,
                                verbose_name="sexual image of a minor (link only, reported)",
                            ),
                        ),
                        (
                            "alert",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="link_captures",
                                to="alerts.alert",
                                verbose_name="alert",
                            ),
                        ),
                        (
                            "proof_entry",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="proofs.proofentry",
                                verbose_name="proof entry",
                            ),
                        ),
                        (
                            "staff_user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="staff member",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "captured link",
                        "verbose_name_plural": "captured links",
                        "db_table": "evidence_linkcapture",
                        "indexes": [
                            models.Index(
                                fields=["alert", "created_at"], name="evidence_links_by_alert"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Participant",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="created at"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        (
                            "handle",
                            models.CharField(max_length=200, verbose_name="name in the export"),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("victim", "the child being bullied"),
                                    ("alleged_author", "someone who bullied (alleged author)"),
                                    ("witness", "a witness"),
                                    ("friend", "a friend"),
                                    ("me", "me, the person writing here"),
                                    ("unknown", "I don't know"),
                                ],
                                max_length=16,
                                verbose_name="role",
                            ),
                        ),
                        (
                            "alert",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="participants",
                                to="alerts.alert",
                                verbose_name="alert",
                            ),
                        ),
                        (
                            "proof_entry",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="proofs.proofentry",
                                verbose_name="proof entry",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "participant",
                        "verbose_name_plural": "participants",
                        "db_table": "evidence_participant",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("alert", "handle"), name="evidence_participant_once"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TimelineEvent",
                    fields=[
                        (
                            "id",
                            models.UUIDField(
                                default=uuid.uuid4,
                                editable=False,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="created at"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        (
                            "position",
                            models.PositiveIntegerField(verbose_name="position in the export"),
                        ),
                        (
                            "occurred_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="when it happened"
                            ),
                        ),
                        (
                            "original_occurred_at",
                            models.DateTimeField(
                                blank=True,
                                editable=False,
                                null=True,
                                verbose_name="when it happened, as first given",
                            ),
                        ),
                        (
                            "zone_assumed",
                            models.BooleanField(default=False, verbose_name="time zone assumed"),
                        ),
                        (
                            "author",
                            models.CharField(blank=True, max_length=200, verbose_name="author"),
                        ),
                        ("text", models.TextField(blank=True, verbose_name="text")),
                        ("kind", models.CharField(max_length=16, verbose_name="kind")),
                        (
                            "platform",
                            models.CharField(blank=True, max_length=16, verbose_name="platform"),
                        ),
                        (
                            "attachments",
                            models.JSONField(blank=True, default=list, verbose_name="attachments"),
                        ),
                        ("digest", models.CharField(max_length=64, verbose_name="digest")),
                        (
                            "line",
                            models.PositiveIntegerField(blank=True, null=True, verbose_name="line"),
                        ),
                        (
                            "item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="evidence.evidenceitem",
                                verbose_name="chat export",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "timeline event",
                        "verbose_name_plural": "timeline events",
                        "db_table": "evidence_timelineevent",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("item", "position"), name="evidence_event_position"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]

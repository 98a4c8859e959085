from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("accounts.demo_account_created", "demo account created"),
                    ("otp.enrolment_started", "began setting up an authenticator app"),
                    ("otp.enrolled", "set up an authenticator app"),
                    ("admin.added", "added in the administration"),
                    ("admin.changed", "changed in the administration"),
                    ("admin.deleted", "deleted in the administration"),
                    ("alert.submitted", "alert received"),
                    ("alert.viewed", "opened the alert"),
                    ("alert.moved", "changed the status"),
                    ("message.sent", "replied to the reporter"),
                    ("message.received", "the reporter wrote"),
                    ("consent.changed", "the reporter changed their consents"),
                    ("notice.drafted", "saved the notice draft"),
                    ("notice.redaction_overridden", "sent the notice despite the redaction check"),
                    (
                        "notice.not_names_confirmed",
                        "confirmed that words of the notice are not names",
                    ),
                    ("notice.queued", "put the notice in the outbox"),
                    ("notice.sent", "the mail server accepted the notice"),
                    ("notice.failed", "the mail server refused the notice"),
                    ("notice.unknown", "the notice's delivery is unknown"),
                    ("notice.resent", "sent the notice again"),
                    ("notice.acknowledged", "the school acknowledged the notice"),
                    ("notice.reminder_queued", "a reminder to the school was queued"),
                    ("notice.reminder_sent", "the reminder was sent"),
                    ("notice.reminder_failed", "the mail server refused the reminder"),
                    ("notice.reminder_unknown", "the reminder's delivery is unknown"),
                    (
                        "notice.escalation_proposed",
                        "escalation proposed: the school has not acknowledged",
                    ),
                    ("notice.escalation_queued", "sent the escalation to the authority"),
                    ("notice.escalation_sent", "the mail server accepted the escalation"),
                    ("notice.escalation_failed", "the mail server refused the escalation"),
                    ("notice.escalation_unknown", "the escalation's delivery is unknown"),
                    ("evidence.sealed", "added a piece of evidence"),
                    ("evidence.withdrawn", "withdrew a piece of evidence"),
                    ("evidence.viewed", "opened a piece of evidence"),
                    ("evidence.thumbnail_viewed", "looked at a thumbnail"),
                    ("evidence.copy_downloaded", "downloaded the copy without metadata"),
                    ("evidence.original_downloaded", "downloaded the sealed original"),
                    ("evidence.shared", "shared a piece of evidence with the school"),
                    ("evidence.imported", "read a chat export into the timeline"),
                    ("evidence.import_not_a_chat", "the file is not a chat export"),
                    ("evidence.import_failed", "the chat export could not be read"),
                    ("evidence.dates_reread", "read the dates of a chat export again"),
                    ("evidence.text_read", "read the text of an image"),
                    ("evidence.timeline_viewed", "opened the timeline"),
                    ("evidence.occurred_at_corrected", "corrected a date on the timeline"),
                    ("evidence.link_captured", "recorded a link"),
                    ("evidence.participant_role", "said who a person of the conversation is"),
                    ("document.generated", "generated a document"),
                    ("document.downloaded", "downloaded a document"),
                ],
                max_length=64,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor_kind",
            field=models.CharField(
                choices=[
                    ("staff", "staff member"),
                    ("reporter", "reporter"),
                    ("system", "Relais, automatically"),
                    ("school", "the school"),
                ],
                default="staff",
                max_length=16,
                verbose_name="actor kind",
            ),
        ),
    ]

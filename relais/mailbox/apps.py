from django.apps import AppConfig


class MailboxConfig(AppConfig):
    name = "relais.mailbox"
    label = "mailbox"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimelineConfig(AppConfig):
    name = "relais.timeline"
    label = "timeline"
    verbose_name = _("Timeline")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.translation import gettext

        from relais.chatexports import translate_with

        # The chat-export library imports nothing from Django: its sentences are translated
        # with Django's gettext and Relais's catalogues, in the language of the moment.
        translate_with(gettext)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "relais.evidence"
    label = "evidence"
    verbose_name = _("Evidence vault")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks

        from relais.evidence.pdfcheck import pdfinfo_installed

        checks.register(pdfinfo_installed)

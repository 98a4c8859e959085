from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "relais.worker"
    label = "worker"
    verbose_name = _("Background work")

    def ready(self) -> None:
        # Import every task module, so that the tasks services queue by name (relais.lib.jobs)
        # are registered in every process, and the worker knows its recurring jobs.
        import relais.worker.schedule  # noqa: F401

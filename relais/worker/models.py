"""What the worker keeps in the database: who is alive, and when each recurring job is due."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """One row per running `relais worker`, rewritten every second with the database's clock.

    `tasks` lists the ids of the tasks it runs now. A task marked running by a worker whose
    heartbeat stopped, or that no longer lists it, is given back to the queue (recovery.py).
    """

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    beat_at = models.DateTimeField(_("last heartbeat"))
    tasks = models.JSONField(_("running tasks"), default=list)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.worker_id


class RecurringJob(models.Model):
    """When a recurring job (schedule.py) is next due. Workers race to move `next_run_at`
    forward in one UPDATE: the one that moves it queues the job, the others do nothing."""

    name = models.CharField(_("name"), max_length=64, primary_key=True)
    next_run_at = models.DateTimeField(_("next run"))

    class Meta:
        verbose_name = _("recurring job")
        verbose_name_plural = _("recurring jobs")

    def __str__(self) -> str:
        return self.name

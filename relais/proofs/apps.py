from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class ProofsConfig(AppConfig):
    name = "relais.proofs"
    label = "proofs"

    def ready(self) -> None:
        checks.register(merge_delay_check)


def merge_delay_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A new entry's PROMISE says the log merges it within PROOFS_MERGE_DELAY; a signing round
    runs every PROOFS_SIGN_INTERVAL seconds and takes some time itself, so the interval must
    leave most of the delay to spare."""
    if settings.PROOFS_SIGN_INTERVAL * 2 <= settings.PROOFS_MERGE_DELAY:
        return []
    return [
        checks.Warning(
            f"Signing rounds every {settings.PROOFS_SIGN_INTERVAL} s leave little of the "
            f"{settings.PROOFS_MERGE_DELAY} s a new entry's promise gives the log to merge it.",
            hint="Set RELAIS_PROOFS_SIGN_INTERVAL to at most half of RELAIS_PROOF_MERGE_DELAY.",
            id="proofs.W001",
        )
    ]

"""What the case services refuse: bad input, in the user's language, with nothing stored."""

from __future__ import annotations

from typing import Any


class CaseError(Exception):
    """Bad input: ``message`` is translated and shown to the user as is; nothing was stored."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


class StepAlreadyRecorded(CaseError):
    """The step was recorded already (by someone else, or by a second click): the first stands."""

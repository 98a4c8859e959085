from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture
def run_demo(db, monkeypatch):
    """`relais demo` in English; without RELAIS_DEMO_PASSWORD unless a test sets it."""
    monkeypatch.delenv("RELAIS_DEMO_PASSWORD", raising=False)
    monkeypatch.delenv("RELAIS_DEMO_PASSWORD_FILE", raising=False)

    def run() -> str:
        out = io.StringIO()
        with translation.override("en"):
            call_command("demo", stdout=out)
        return out.getvalue()

    return run

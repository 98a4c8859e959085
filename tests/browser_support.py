"""Real browser tests: Debian's Chromium driven by Playwright, with JavaScript on and off.

Loaded as a pytest plugin by tests/conftest.py, so that every test package shares ONE Playwright
instance (a second sync_playwright() in the same thread fails while the first is running).

Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run "from an
async context" unless told it is safe, which it is here (one thread, the loop idle between calls).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
# Flags that keep Chromium from calling Google's services from a closed network.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


class Recorder:
    """What a page did: every request's host and every console message (CSP reports)."""

    def __init__(self, page: Page) -> None:
        self.hosts: set[str] = set()
        self.console: list[str] = []
        page.on("request", lambda request: self.hosts.add(urlparse(request.url).hostname or ""))
        page.on("console", lambda message: self.console.append(message.text))
        page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))

    def foreign_hosts(self) -> set[str]:
        return {host for host in self.hosts if host not in {"localhost", "127.0.0.1", ""}}

    def csp_violations(self) -> list[str]:
        return [line for line in self.console if "Content Security Policy" in line]


def _page(browser: Browser, *, javascript: bool, language: str = "fr") -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=javascript, locale=language)
    page = context.new_page()
    page.recorder = Recorder(page)  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def page_nojs(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, javascript=False)


@pytest.fixture
def page_js(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, javascript=True)


@pytest.fixture(params=[False, True], ids=["js-off", "js-on"])
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    yield from _page(browser, javascript=request.param)


def axe_violations(page: Page) -> list[dict]:
    """Serious and critical axe-core violations of the current page.

    axe is evaluated through the DevTools protocol, which the page's CSP does not govern; the
    page itself never loads it.
    """
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]

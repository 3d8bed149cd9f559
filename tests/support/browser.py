"""Look at a web page the way a visitor does: Debian's headless Chromium driven by Playwright.

Playwright's own browser downloads are never used (`playwright install` needs the internet): we drive the system
`/usr/bin/chromium` (`apt-get install chromium`). Where it is missing the test skips, saying so; where it must
run (`EPARL_REQUIRE_CKAN` or `CI` set) it fails instead. What belongs here: opening a page and reading what a
visitor sees; what a page must show is the test's.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # we run as root in CI, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTEFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artefacts"  # screenshots to look at after a run


@dataclass
class Visit:
    page: Page  # still open inside the `with`: click, fill, query as you like
    status: int  # the HTTP status of the page's response
    text: str  # the page's visible text (document.body.innerText)


def require_chromium() -> None:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("EPARL_REQUIRE_CKAN") or os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@contextmanager
def browse(url: str, screenshot: Path | None = None, timeout_ms: int = 60_000) -> Iterator[Visit]:
    """Open `url` in headless Chromium, wait until the network is idle, save a full-page screenshot (a PNG at
    `screenshot`, if given) and yield the page, its status and its text; the browser closes after the `with`."""
    require_chromium()
    from playwright.sync_api import sync_playwright  # here: a machine without Chromium never needs Playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            response = page.goto(url, wait_until="networkidle", timeout=timeout_ms)
            if screenshot is not None:
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot), full_page=True)
            yield Visit(page=page, status=response.status if response else 0, text=page.inner_text("body"))
        finally:
            browser.close()


def open_page(url: str, screenshot: Path | None = None) -> str:
    """The visible text of the page at `url`, after saving its screenshot (see `browse`)."""
    with browse(url, screenshot) as visit:
        return visit.text

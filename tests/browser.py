"""What the browser tests share: Debian's Chromium driven by playwright, and a page that records its requests.

A test module does ``from tests.browser import browser, skip_without_chromium`` and calls
``skip_without_chromium()`` at import: without Debian's ``chromium`` or the ``playwright``
package its tests are skipped with the reason (playwright's own browser downloads are never used).
"""

from __future__ import annotations

import pathlib
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def skip_without_chromium() -> None:
    """Skip the calling test module, with the reason, when Chromium or playwright is missing."""
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (Debian: apt-get install chromium)", allow_module_level=True)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install playwright)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for a test module (skipped with the reason when there is none)."""
    skip_without_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as error:  # a broken browser install: say why instead of failing every test
            pytest.skip(f"chromium at {CHROMIUM} could not be started by playwright: {error}")
        yield launched
        launched.close()


class RecordedPage:
    """One page opened from disk, with every request (anything not ``file:`` is refused) and page error recorded."""

    def __init__(self, browser, path: pathlib.Path, width: int = 1400, height: int = 900):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.url = path.as_uri()
        self.page.goto(self.url)

    def _route(self, route):
        self.requests.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()


def host_page(page: pathlib.Path, width: int, height: int) -> pathlib.Path:
    """A page beside ``page`` that shows it in a ``width`` × ``height`` iframe far down (3,000 px of text first)."""
    host = page.parent / f"host-of-{page.stem}.html"
    host.write_text(
        '<!DOCTYPE html><html><body><div style="height: 3000px">text</div>'
        f'<iframe src="{page.name}" style="width: {width}px; height: {height}px"></iframe></body></html>',
        encoding="utf-8",
    )
    return host

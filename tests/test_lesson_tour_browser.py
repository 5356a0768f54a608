"""The tour page in a real headless Chromium: pictures load, players and timelines run, nothing leaves the folder.

A few lessons (with small settings) are written into a folder and index.html is opened from
disk, as a reader would. Skipped with the reason when Chromium or playwright is missing.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from demos import l01_equation, l06_batches, l10_forward, l11_backward, tour

pytestmark = pytest.mark.browser

LESSONS = (l01_equation.run, partial(l06_batches.run, epochs=1), l10_forward.run, l11_backward.run)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tour")
    tour.write_page(out, tour.run_lessons(out, LESSONS))
    return out


@pytest.fixture(scope="module")
def opened(browser, folder: Path):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((folder / "index.html").as_uri())
    for frame in page.locator("iframe").all():  # lazy frames load once they are near the viewport
        frame.scroll_into_view_if_needed()
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    yield page, requests, errors
    context.close()


def test_the_page_loads_only_files_from_its_own_folder_without_errors(opened, folder):
    _, requests, errors = opened
    assert errors == []  # no CSP violation, no script error (in the page or its frames)
    assert requests, "the page was loaded"
    for url in requests:
        assert url.startswith(folder.as_uri() + "/"), url


def test_every_picture_is_shown(opened):
    page, _, _ = opened
    images = page.locator("figure img")
    assert images.count() >= 3
    for k in range(images.count()):
        assert images.nth(k).evaluate("image => image.complete && image.naturalWidth > 0"), k


def test_the_forward_player_steps_with_the_keys_after_a_click_and_shows_only_forward_steps(opened):
    page, _, _ = opened
    frame_element = page.locator(f'iframe[src="{l10_forward.PLAYER}"]')
    frame_element.scroll_into_view_if_needed()
    frame = frame_element.content_frame
    frame.locator("body").click(position={"x": 5, "y": 5})  # the hint on the page: click it, then ← →
    first = frame.locator("body").inner_text()
    for _ in range(20):  # more steps than the forward pass has: it must stop at its end
        frame.locator("body").press("ArrowRight")
    last = frame.locator("body").inner_text()
    assert first != last
    assert "step 8 / 8" in last  # kg, w, b, charge, then w·kg, + b, − charge, error·error: and no further
    assert "12100.0000" in last  # the last step computes the loss


def test_the_code_of_each_lesson_is_on_the_page(opened):
    page, _, _ = opened
    blocks = page.locator("pre code")
    assert blocks.count() == len(LESSONS)
    assert "loss = error * error" in blocks.nth(2).inner_text()

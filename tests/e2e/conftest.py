"""Real headless Chromium (Debian's, driven by Playwright) against a live test server.

Every page a test opens is watched: a console error or an uncaught exception fails the
test. Screenshots go to ``SCREENSHOT_DIR`` (default ``test-artifacts/screenshots``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ..backing_services import services_required
from ..conftest import REPO
from ..pages.conftest import record  # noqa: F401  # the public pages' record, not a copy

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page
    from pytest_django.live_server_helper import LiveServer

SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", REPO / "test-artifacts" / "screenshots"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        message = "Debian's chromium is not installed (make browser-deps installs it)"
        if services_required():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread while the browser lives;
    # the ORM calls tests and fixtures make there are still synchronous and safe. Set for
    # the browser's lifetime only; never in a deployment.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            yield launched
            launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class PageErrors(list[str]):
    """Console errors and uncaught exceptions seen on a page."""


@pytest.fixture
def page_errors() -> PageErrors:
    return PageErrors()


def _open_page(
    browser: Browser, page_errors: PageErrors, **context_options: Any
) -> tuple[BrowserContext, Page]:
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on(
        "console",
        lambda message: (
            page_errors.append(f"console {message.type}: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: page_errors.append(f"page error: {error}"))
    return context, page


@pytest.fixture
def page(browser: Browser, page_errors: PageErrors) -> Iterator[Page]:
    context, page = _open_page(browser, page_errors, viewport={"width": 1280, "height": 900})
    yield page
    context.close()
    assert not page_errors, "the browser reported errors:\n" + "\n".join(page_errors)


@pytest.fixture
def phone_page(browser: Browser, page_errors: PageErrors) -> Iterator[Page]:
    context, page = _open_page(
        browser, page_errors, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    yield page
    context.close()
    assert not page_errors, "the browser reported errors:\n" + "\n".join(page_errors)


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """Save a full-page screenshot under the screenshot folder: ``screenshot(page, name)``."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def admin_login(page: Page, live_server: LiveServer, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")

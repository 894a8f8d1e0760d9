"""Browser tests: Playwright drives Debian's chromium against a live server on loopback.

The project never downloads a browser of its own. Where /usr/bin/chromium is missing the
tests are skipped with one clear reason, except under CI=true, where that is an error.
"""

import os
import shutil

import pytest

from tests.helpers.browser import CHROMIUM, CHROMIUM_ARGS

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _chromium_missing_reason():
    if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _chromium_missing_reason()
    browser_items = [item for item in items if "tests/browser/" in item.nodeid]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
    if reason and browser_items:
        if IN_CI:
            raise pytest.UsageError(f"CI=true needs the browser tests, but {reason}")
        for item in browser_items:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context; the test fails if the console shows an error or a CSP report."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    problems = []
    tab.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    yield tab
    context.close()
    assert problems == [], f"browser console errors: {problems}"

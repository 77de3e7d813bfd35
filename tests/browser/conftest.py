"""The browser lane's fixtures: one real demo stack (HA + hub, as `scripts/ha_demo` starts it) for the session,
and a logged-in Chromium page per test.

Playwright drives Debian's /usr/bin/chromium (HEARTH_CHROMIUM overrides it); it never downloads a browser.
Screenshots go to .cache/browser-artifacts/ (git-ignored), also when a test fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from demo_ha.stack import DEMO_PASSWORD, DEMO_USER, REPO, DemoStack, free_port

ARTIFACTS = REPO / ".cache" / "browser-artifacts"
RUNTIME = REPO / ".cache" / "browser-run"
CHROMIUM = os.environ.get("HEARTH_CHROMIUM", "/usr/bin/chromium")
TIMEOUT_MS = 60_000
"""Generous: CI shares two cores with everything else."""


@pytest.fixture(scope="session")
def stack() -> Iterator[DemoStack]:
    """A fresh demo home on free loopback ports, stopped (HA, then the hub) after the session."""
    demo = DemoStack(RUNTIME, ha_port=free_port(), hub_port=free_port())
    demo.reap_leftovers()  # of a session that was killed
    shutil.rmtree(RUNTIME, ignore_errors=True)
    with demo:
        yield demo


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (scripts/test installs it)")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
    yield browser
    browser.close()


@pytest.fixture
def page(browser: Browser, stack: DemoStack, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A new browser profile, logged in as the demo owner through HA's own login page, on Overview."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(stack.url)
    page.wait_for_url("**/auth/authorize**")
    page.locator("input[name=username]").fill(DEMO_USER)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/home/**")
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        page.screenshot(path=ARTIFACTS / f"{request.node.name}-failed.png")
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Keep each phase's report on the item, so the page fixture can screenshot a failed test."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report

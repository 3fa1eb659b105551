"""Browser tests: Playwright driving the system's Chromium, with axe-core injected.

Without Chromium these tests are skipped with a loud reason, unless REQUIRE_BROWSER=1 (as
.ci/run sets), which turns the skip into a failure.
"""

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are still synchronous and safe here (microsoft/playwright-pytest#29).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        reason = (
            "BROWSER TESTS SKIPPED: Chromium is not installed. `make test` installs it from "
            "Debian's packages when run as root; otherwise run `apt-get install chromium`."
        )
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def _open_page(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    page = context.new_page()
    # Generous: a loaded CI machine runs a rota solve and sends emails inside some steps.
    page.set_default_timeout(40_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert errors == [], f"JavaScript errors or CSP violations in the browser: {errors}"


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page (1280 pixels wide)."""
    yield from _open_page(browser, live_server, DESKTOP)


@pytest.fixture
def phone_page(browser, live_server):
    """A phone-sized page (375 pixels wide), for the axe checks the statement promises."""
    yield from _open_page(browser, live_server, PHONE)


def assert_accessible(page) -> None:
    """Run axe-core on the current page and fail with a readable list of violations."""
    # Evaluated through the devtools protocol, so the page's strict CSP need not allow it.
    page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert violations == [], f"axe found violations on {page.url}:\n" + json.dumps(
        violations, indent=1
    )


def totp_code(secret: str) -> str:
    """The authenticator app's current code for a TOTP secret."""

    # A code typed in the last two seconds of its period may arrive in the next one, which
    # allauth (rightly, with no tolerance) rejects: wait for a fresh period instead.
    if time.time() % 30 > 28:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(page, email: str, password: str = "correct horse battery", totp_secret=None):
    """Sign in through allauth's pages, answering the MFA step when the user has one."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if totp_secret:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.get_by_label("Code").fill(totp_code(totp_secret))
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard/")

"""A live TradeDesk (werkzeug in a thread on 127.0.0.1, a migrated SQLite file) and headless Chromium.

Debian's /usr/bin/chromium is driven through Playwright's Python API (Playwright's own browser download
is not used). Without either, every browser test is skipped with the reason; scripts/install-system-deps.sh
installs both. Screenshots of each page are written to test-artifacts/screenshots/.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
AUDIT_KEY = "b2" * 32


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (run scripts/install-system-deps.sh)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is missing (run scripts/install-system-deps.sh)"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _missing()
    if reason is None:
        return
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


@dataclass(frozen=True)
class Live:
    url: str
    app: Any
    tokens: dict[str, str]
    parties: dict[str, str]


def _seed(app: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Parties through the parties service; one token per person (as `tradedesk token create` does)."""
    from tradedesk.auth.actor import Actor
    from tradedesk.auth.permissions import Role
    from tradedesk.auth.tokens import issue
    from tradedesk.db.models import Party
    from tradedesk.services.parties import PartyData, create_party

    ctx = app.extensions["tradedesk.context"]
    seeder = Actor(id="seed", name="Seed data", role="admin")
    specs = {
        "uk_customer": PartyData("customer", "Example Ltd", "GB", identifiers={"EORI": "GB123456789000"}),
        "swiss_repairer": PartyData("repairer", "Swiss Watch Repair AG", "CH", identifiers={"UID": "CHE-109.322.551"}),
        "uk_broker": PartyData(
            "broker", "Customs Brokers Ltd", "GB", identifiers={"EORI": "GB987654321000"}, representation="direct"
        ),
        "swiss_broker": PartyData("broker", "Zollagentur Basel AG", "CH", representation="direct"),
    }
    parties = {key: create_party(ctx, seeder, data).body["id"] for key, data in specs.items()}

    def tokens(session: Any) -> dict[str, str]:
        people = {
            "logistics_coordinator": ("Cora Lind", None),
            "compliance_officer": ("Olu Mensah", None),
            "second_officer": ("Ode Brandt", None),
            "broker": ("Basel filing desk", parties["swiss_broker"]),
            "uk_broker": ("London filing desk", parties["uk_broker"]),
        }
        out = {}
        for key, (name, party_id) in people.items():
            role = Role.BROKER if party_id else Role(key if key != "second_officer" else "compliance_officer")
            _, out[key] = issue(session, name, role, session.get(Party, party_id) if party_id else None)
        return out

    return ctx.run(tokens), parties


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    from werkzeug.serving import make_server

    from tradedesk import create_app
    from tradedesk.db.engine import make_engine
    from tradedesk.services.database import prepare

    where = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{where / 'tradedesk.sqlite'}"
    engine = make_engine(url)
    prepare(engine, bytes.fromhex(AUDIT_KEY))
    engine.dispose()
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "TRADEDESK_AUDIT_KEY": AUDIT_KEY,
            "TRADEDESK_INSTANCE_DIR": str(where / "instance"),
            "SECRET_KEY": "browser-tests",
            "TRADEDESK_QUEUE_IMMEDIATE": True,
        }
    )
    tokens, parties = _seed(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-tradedesk", daemon=True)
    thread.start()
    try:
        yield Live(f"http://127.0.0.1:{server.server_port}", app, tokens, parties)
    finally:
        server.shutdown()
        thread.join(timeout=5)
        app.extensions["tradedesk.context"].engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def person(browser: Any, live: Live) -> Iterator[Any]:
    """person("compliance_officer") -> a signed-in page in a browser context of its own (laptop size)."""
    contexts = []

    def open_as(who: str, width: int = 1280, height: int = 900) -> Any:
        context = browser.new_context(
            base_url=live.url, viewport={"width": width, "height": height}, locale="en-GB", accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/login")
        page.get_by_label("API token").fill(live.tokens[who])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    yield open_as
    for context in contexts:
        context.close()


def shot(page: Any, name: str) -> Path:
    """A full-page screenshot into test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("load")
    previews = page.locator("iframe.preview:visible")
    if previews.count():  # a full-page capture leaves sandboxed frames blank: the first preview gets its own
        previews.first.scroll_into_view_if_needed()
        previews.first.content_frame.locator("body").wait_for()
        previews.first.screenshot(path=str(SCREENSHOTS / f"{name}-preview.png"))
        page.evaluate("window.scrollTo(0, 0)")
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def follow(page: Any, target: Any) -> None:
    """Click a link or a form's button and wait until the page it leads to has loaded, so that what the test reads
    next is that page, not the one it left (a read right after a click can see either)."""
    with page.expect_navigation():
        target.click()

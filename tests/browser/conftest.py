"""A real browser (Chromium through Playwright) at a phone's width, against `live_server`.

Run when MINGA_BROWSER names a Chromium binary and Playwright is installed (CI does both:
`.ci/run`); skipped otherwise, so a newcomer's `make test` needs neither.

Playwright's sync API switches greenlets, and Django keeps database connections per context:
driven from the test's own thread, the test would meet a connection without the test
database's saved reference data. So the browser lives in a thread of its own and the tests
hand it steps to run; the ORM stays in the test's thread.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import pytest

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}
# A 1x1 transparent PNG: what the tests' "tile server" answers.
BLANK_TILE = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
FLAGS = [  # a closed network: no background calls home; no sandbox as root
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class PhoneBrowser:
    def __init__(self, binary):
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="browser")
        self._thread.submit(self._start, binary).result()

    def _start(self, binary):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._chromium = self._playwright.chromium.launch(executable_path=binary, args=FLAGS)

    def run(self, base_url, steps, viewport=PHONE, tiles=False, **options):
        """Runs steps(page) on a fresh page (360 px unless told); returns what it returns,
        raises what it raises. tiles=True answers map-tile requests with a blank tile, as a
        local tile server would, instead of refusing them."""
        return self._thread.submit(self._run, base_url, steps, viewport, tiles, options).result()

    def _run(self, base_url, steps, viewport=PHONE, tiles=False, options=None):
        context = self._chromium.new_context(
            viewport=viewport,
            locale="es-EC",
            has_touch=viewport["width"] < 700,
            **(options or {}),
        )
        page = context.new_page()
        host = urlparse(base_url).netloc

        def only_local(route):  # map tiles and the like: refused at once, not waited for
            if urlparse(route.request.url).netloc == host:
                route.continue_()
            elif tiles and route.request.resource_type == "image":
                route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
            else:
                route.abort()

        page.route("**/*", only_local)
        page.set_default_timeout(15_000)
        page.base = base_url
        try:
            return steps(page)
        finally:
            context.close()

    def close(self):
        def stop():
            self._chromium.close()
            self._playwright.stop()

        self._thread.submit(stop).result()
        self._thread.shutdown()


@pytest.fixture(scope="module")
def browser():
    binary = os.environ.get("MINGA_BROWSER")
    if not binary:
        pytest.skip("needs MINGA_BROWSER (a Chromium binary); CI sets it")
    pytest.importorskip("playwright.sync_api")
    chromium = PhoneBrowser(binary)
    yield chromium
    chromium.close()


@pytest.fixture
def phone(browser, live_server):
    """phone(steps): runs steps(page) in the browser on a 360 px page of the live server."""
    return lambda steps: browser.run(live_server.url, steps)


# --- Journeys: axe-core on every page, console errors, a screenshot of the last page -------

AXE_DEFAULT = Path(__file__).resolve().parents[2] / ".ci/vendor/node_modules/axe-core/axe.min.js"
SHOTS = Path(
    os.environ.get("MINGA_SHOTS", Path(__file__).resolve().parents[2] / "bench/out/journeys")
)
SIZES = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture(scope="session")
def axe_source():
    """axe-core from its npm package (`.ci/run` installs it under .ci/vendor, not committed;
    MINGA_AXE may name another axe.min.js). Missing in CI is a failure, locally a skip."""
    path = Path(os.environ.get("MINGA_AXE") or AXE_DEFAULT)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"axe-core not found at {path}: .ci/run installs it with npm")
        pytest.skip("needs axe-core (npm); .ci/run installs it")
    return path.read_text(encoding="utf-8")


class Journey:
    """One walk through real pages: every page visited is checked with axe-core (serious and
    critical violations recorded), console errors and uncaught exceptions are recorded."""

    def __init__(self, page, axe, name):
        self.page, self.axe, self.name = page, axe, name
        self.violations, self.errors, self.pages = [], [], []
        self._in_axe = False
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))

    def _console(self, message):
        if message.type != "error":
            return
        # axe's own probes (colour contrast on the admin's widgets) set styles that the CSP
        # refuses: the tool's noise, not the page's. Every other error counts.
        if self._in_axe and message.text.startswith("Applying inline style violates"):
            return
        self.errors.append(f"{self.page.url}: {message.text}")

    def visit(self, path):
        response = self.page.goto(self.page.base + path)
        assert response.status == 200, (path, response.status)
        self.check()
        return response

    def check(self):
        """axe-core on the page as it is now (injected through DevTools: the CSP stays on)."""
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.evaluate(self.axe)
        self._in_axe = True
        found = self.page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id} (${v.impact}) x${v.nodes.length}: ` +
                          v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "))"""
        )
        self.page.evaluate("0")  # a round trip: axe's console messages are in by now
        self._in_axe = False
        path = urlparse(self.page.url).path
        self.pages.append(path)
        self.violations += [f"{path}: {v}" for v in found]

    def finish(self, size):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{self.name}-{size}.png"), full_page=True)
        return {"violations": self.violations, "errors": self.errors, "pages": self.pages}


@pytest.fixture(params=list(SIZES))
def journey(request, browser, live_server, axe_source):
    """journey(name, steps, **options): runs steps(j) with a Journey j on a fresh page at a
    phone's (360x740) or a desktop's (1366x900) size; returns j's findings and asserts none."""
    size = request.param

    def run(name, steps, **options):
        def walk(page):
            j = Journey(page, axe_source, name)
            result = steps(j)
            return result, j.finish(size)

        result, found = browser.run(live_server.url, walk, viewport=SIZES[size], **options)
        assert found["violations"] == [], found["violations"]
        assert found["errors"] == [], found["errors"]
        return result

    run.size = size
    return run

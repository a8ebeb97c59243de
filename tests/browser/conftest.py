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
from urllib.parse import urlparse

import pytest

PHONE = {"width": 360, "height": 740}
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

    def run(self, base_url, steps):
        """Runs steps(page) on a fresh 360 px page; returns what it returns, raises what it
        raises."""
        return self._thread.submit(self._run, base_url, steps).result()

    def _run(self, base_url, steps):
        context = self._chromium.new_context(viewport=PHONE, locale="es-EC", has_touch=True)
        page = context.new_page()
        host = urlparse(base_url).netloc

        def only_local(route):  # map tiles and the like: refused at once, not waited for
            if urlparse(route.request.url).netloc == host:
                route.continue_()
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

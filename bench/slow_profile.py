"""Every public page on a slow phone: 400 kbps, 400 ms latency, CPU x4 (Chromium DevTools).

Usage: start the portal on demo data, production-like, then point this script at it:

    DEBUG=1 .venv/bin/python manage.py load_demo
    .venv/bin/python manage.py collectstatic --noinput
    SECRET_KEY=bench DEBUG=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 \\
        .venv/bin/gunicorn config.wsgi -b 127.0.0.1:8000 -w 2
    MINGA_BROWSER=/usr/bin/chromium .venv/bin/python bench/slow_profile.py [--base URL]

Each page is loaded in a fresh browser context (a first visit: nothing cached), REPEAT times;
the median time to the load event is printed with the bytes transferred (compressed, headers
included) and the ratio to the fastest page of the same run. Target: every page under 2.5 s,
/vialidad/ under 60 KB transferred. Exit status 1 when a target is missed.
"""

import argparse
import os
import statistics
import sys
import time
from urllib.parse import urlparse

TARGET_SECONDS = 2.5
ROADS_TARGET_BYTES = 60_000
REPEAT = 3
SLOW_NETWORK = {
    "offline": False,
    "latency": 400,  # ms, each way as DevTools applies it
    "downloadThroughput": 400_000 / 8,  # 400 kbps in bytes/s
    "uploadThroughput": 400_000 / 8,
}
CPU_SLOWDOWN = 4

# Every public page a visitor reaches from the menu, the forms and the data pages; the
# demo's detail pages (a consultation, its matrix, a proposal, a meeting...) are found below.
PAGES = [
    "/",
    "/foro/",
    "/foro/actores/",
    "/foro/mapeo/",
    "/foro/sesiones/",
    "/foro/participacion/",
    "/propuestas/",
    "/compromisos/",
    "/ambiente/",
    "/ambiente/reforestacion/",
    "/ambiente/reforestacion/especies/",
    "/ambiente/reforestacion/viveros/",
    "/ambiente/reforestacion/solicitar/",
    "/ambiente/denuncias/",
    "/ambiente/denuncias/nueva/",
    "/agroprecios/",
    "/agroprecios/produccion/",
    "/vialidad/",
    "/vialidad/reportar/",
    "/vialidad/reportes/",
    "/seguimiento/",
    "/datos/",
    "/acerca/",
    "/cuenta/ingresar/",
]
# (index page, CSS selector of the links to follow, how many)
DETAILS = [
    ("/propuestas/", "main a[href^='/propuestas/consulta/']", 2),
    ("/propuestas/", "main a[href^='/propuestas/'][href$='/']:not([href*='consulta'])", 1),
    ("/foro/sesiones/", "main a[href^='/foro/sesiones/'][href$='/']", 1),
    ("/foro/actores/", "main a[href^='/foro/actores/'][href$='/']", 1),
    ("/compromisos/", "main a[href^='/compromisos/'][href$='/']", 1),
    ("/agroprecios/", "main a[href^='/agroprecios/producto/']", 1),
    ("/vialidad/", "main a[href^='/vialidad/ramal/']", 1),
]


def discover(context, base):
    """The demo's detail pages, followed from their index pages as a visitor would."""
    page = context.new_page()
    found = []
    for index, selector, n in DETAILS:
        page.goto(base + index)
        hrefs = page.eval_on_selector_all(selector, "found => found.map(a => a.href)")
        fresh = [h for h in hrefs if urlparse(h).path not in (index, *found)]
        for href in fresh[:n]:
            found.append(
                urlparse(href).path + (f"?{urlparse(href).query}" if urlparse(href).query else "")
            )
    page.close()
    return found


def load(browser, base, path):
    """Seconds to the load event and bytes transferred, in a fresh context on the slow profile."""
    host = urlparse(base).netloc
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-EC")
    page = context.new_page()
    # A closed network: map tiles and anything off the portal are refused at once.
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if urlparse(route.request.url).netloc == host else route.abort()
        ),
    )
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    transferred = []
    cdp.on("Network.loadingFinished", lambda event: transferred.append(event["encodedDataLength"]))
    started = time.perf_counter()
    response = page.goto(base + path, wait_until="load", timeout=60_000)
    elapsed = time.perf_counter() - started
    status = response.status if response else 0
    context.close()
    return elapsed, sum(transferred), status


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=os.environ.get("MINGA_BASE", "http://127.0.0.1:8000"))
    parser.add_argument("--repeat", type=int, default=REPEAT)
    args = parser.parse_args()
    base = args.base.rstrip("/")
    binary = os.environ.get("MINGA_BROWSER", "/usr/bin/chromium")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=binary, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context()
        pages = PAGES + discover(context, base)
        context.close()
        results = {}
        for path in pages:
            runs = [load(browser, base, path) for _ in range(args.repeat)]
            seconds = statistics.median(r[0] for r in runs)
            results[path] = (seconds, statistics.median(r[1] for r in runs), runs[-1][2])
        browser.close()

    fastest = min(seconds for seconds, _bytes, _status in results.values())
    print(
        f"Slow profile: {SLOW_NETWORK['downloadThroughput'] * 8 / 1000:.0f} kbps, "
        f"{SLOW_NETWORK['latency']} ms, CPU x{CPU_SLOWDOWN}; median of {args.repeat} cold loads"
    )
    print(f"{'page':58} {'status':>6} {'load s':>7} {'KB':>7} {'x fastest':>9}")
    missed = []
    for path, (seconds, size, status) in sorted(results.items(), key=lambda kv: -kv[1][0]):
        flag = "" if seconds < TARGET_SECONDS and status == 200 else "  <-- over target"
        if flag:
            missed.append(path)
        print(
            f"{path[:58]:58} {status:>6} {seconds:7.2f} {size / 1000:7.1f} "
            f"{seconds / fastest:9.2f}{flag}"
        )
    roads = results.get("/vialidad/")
    if roads:
        ok = roads[1] < ROADS_TARGET_BYTES
        print(
            f"/vialidad/ transferred: {roads[1] / 1000:.1f} KB compressed "
            f"(target < {ROADS_TARGET_BYTES / 1000:.0f} KB: {'ok' if ok else 'MISSED'})"
        )
        if not ok:
            missed.append("/vialidad/ bytes")
    slowest = max(seconds for seconds, _b, _s in results.values())
    print(
        f"{len(results)} pages; slowest {slowest:.2f} s (target < {TARGET_SECONDS} s), "
        f"fastest {fastest:.2f} s, ratio {slowest / fastest:.2f}"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

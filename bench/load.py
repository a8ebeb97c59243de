"""Load bench: gunicorn as docker-compose.yml runs it, public pages vs a bare Django view.

    REDIS_URL=redis://127.0.0.1:6379/2 .venv/bin/python bench/load.py \
        [--db minga_loadbench] [--fresh] [--levels 5,20,50] [--seconds 20] [--workers 3]

1. A scratch PostgreSQL database (`--db`, created with the demo data by `load_demo` when it
   does not exist or with `--fresh`); never the development database.
2. `gunicorn config.wsgi -w 3` as in the compose file, with DEBUG off, but with the settings
   of bench/load_settings.py: the portal's plus `/_bench/bare/`, a view that does nothing.
3. For each level (clients = threads, one new connection per request, as gunicorn's sync
   workers close them): a bare phase (every client on the bare view) and a mixed phase
   (readers on the public pages; about 1 in 10 turns a citizen who opens the complaint form
   and files it, one in five of them double-clicking: the same form POSTed twice).
   Each submitter comes from its own loopback address (127.x.y.z), as citizens would, so
   the per-address rate limit applies to them as in production.
4. Prints throughput and p50/p95/p99 per URL, the mixed phase's throughput as a ratio to the
   bare phase, then checks that every acknowledged complaint (302 to the confirmation)
   exists exactly once.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import itertools
import os
import random
import re
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
BARE = "/_bench/bare/"
FORM = "/ambiente/denuncias/nueva/"
READ_PAGES = [
    "/",
    "/vialidad/",
    "/vialidad/reportar/",
    "/vialidad/reportes/",
    "/ambiente/denuncias/",
    "/agroprecios/",
    "/propuestas/",
    "/compromisos/",
    "/foro/",
    "/api/v1/agroprecios/precios/",
]
SUBMIT_SHARE = 0.1
DOUBLE_CLICK_SHARE = 0.2


def pg_url(db: str) -> str:
    base = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    return f"{base}/{db}"


def prepare_database(db: str, fresh: bool) -> None:
    exists = subprocess.run(
        ["psql", pg_url("postgres"), "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{db}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if exists and not fresh:
        print(f"database {db}: reused")
        return
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", db], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", db], check=True)
    env = {**os.environ, "DATABASE_URL": pg_url(db), "DEBUG": "1"}
    t0 = time.perf_counter()
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True)
    print(f"database {db}: created with the demo data in {time.perf_counter() - t0:.0f} s")


def server_env(db: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DATABASE_URL": pg_url(db),
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        # Rate-limit counters of earlier runs must not refuse this run's citizens.
        "CACHE_KEY_PREFIX": f"bench-{secrets.token_hex(4)}",
        "EMAIL_URL": "consolemail://",
        "LOG_LEVEL": "WARNING",
    }


def start_server(db: str, port: int, workers: int) -> subprocess.Popen:
    cmd = [GUNICORN, "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers)]
    log = open(ROOT / "bench" / "out" / "load-gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(cmd, cwd=ROOT, env=server_env(db), stdout=log, stderr=log)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if request(port, "GET", BARE)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    sys.exit("gunicorn did not answer within 60 s (see bench/out/load-gunicorn.log)")


def request(port, method, path, body=None, headers=None, source="127.0.0.1"):
    """(status, headers dict, body bytes, seconds) over a fresh connection.

    Asks for gzip as every browser does (the compressed page is what the cache keeps)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    t0 = time.perf_counter()
    try:
        conn.request(
            method, path, body=body, headers={"Accept-Encoding": "gzip", **(headers or {})}
        )
        response = conn.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - t0
        answer = dict(response.getheaders())
        if answer.get("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        return response.status, answer, data, elapsed
    finally:
        conn.close()


class Addresses:
    """A new loopback address per citizen: 127.1.0.1, 127.1.0.2, ..."""

    def __init__(self):
        self._counter = itertools.count(1)
        self._lock = threading.Lock()

    def next(self) -> str:
        with self._lock:
            n = next(self._counter)
        return f"127.{1 + n // 65025 % 250}.{n // 255 % 255}.{1 + n % 254}"


class Run:
    def __init__(self, port, parish_pk):
        self.port = port
        self.parish_pk = parish_pk
        self.lock = threading.Lock()
        self.samples = defaultdict(list)  # label -> [seconds]
        self.errors = defaultdict(int)  # label -> 5xx or transport errors
        self.hits = defaultdict(int)  # label -> answers from the page cache (core/pagecache.py)
        self.acknowledged = []  # markers of complaints answered with the confirmation
        self.unacknowledged = []
        self.addresses = Addresses()

    def record(self, label, status, seconds):
        with self.lock:
            self.samples[label].append(seconds)
            if status >= 500 or status == 0:
                self.errors[label] += 1

    def get(self, label, path, source="127.0.0.1", cookies=""):
        try:
            status, headers, body, seconds = request(
                self.port,
                "GET",
                path,
                headers={"Cookie": cookies} if cookies else {},
                source=source,
            )
        except OSError:
            self.record(label, 0, 0.0)
            return 0, {}, b""
        self.record(label, status, seconds)
        if headers.get("X-Page-Cache") in ("hit", "form"):
            with self.lock:
                self.hits[label] += 1
        return status, headers, body

    def submit(self):
        """A citizen opens the complaint form and files it (sometimes with a double click)."""
        source = self.addresses.next()
        status, headers, body = self.get("GET " + FORM, FORM, source=source)
        if status != 200:
            return
        html = body.decode()
        csrf_cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
        csrf_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        token = re.search(r'name="submission_token" value="([^"]+)"', html)
        if not (csrf_cookie and csrf_field and token):
            with self.lock:
                self.unacknowledged.append("form without tokens")
            return
        marker = f"carga-{secrets.token_hex(8)}"
        fields = {
            "csrfmiddlewaretoken": csrf_field.group(1),
            "submission_token": token.group(1),
            "category": "quema",
            "description": f"Quema de rastrojo junto al estero ({marker}).",
            "date_observed": time.strftime("%Y-%m-%d"),
            "parish": str(self.parish_pk),
            "location_reference": "Recinto El Búa, entrada a la finca",
            "reporter_email": "bench@example.org",
            "website": "",
        }
        body = urllib.parse.urlencode(fields)
        request_headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie.group(1)}",
            "Referer": f"http://127.0.0.1:{self.port}{FORM}",
        }
        times = 2 if random.random() < DOUBLE_CLICK_SHARE else 1
        answers = []
        for _ in range(times):
            try:
                status, headers, _body, seconds = request(
                    self.port, "POST", FORM, body, request_headers, source=source
                )
            except OSError:
                status, headers, seconds = 0, {}, 0.0
            self.record("POST " + FORM, status, seconds)
            answers.append((status, headers.get("Location", "")))
        with self.lock:
            if any(s == 302 and "enviada" in loc for s, loc in answers):
                self.acknowledged.append(marker)
            else:
                self.unacknowledged.append(f"{marker}: {answers}")

    def client(self, stop_at, pages, mode):
        rng = random.Random()
        while time.perf_counter() < stop_at:
            if mode == "bare":
                self.get("GET " + BARE, BARE)
            elif mode == "mixed" and rng.random() < SUBMIT_SHARE:
                self.submit()
            else:
                path = rng.choice(pages)
                self.get("GET " + path, path)


def phase(port, parish_pk, clients, seconds, pages, mode):
    run = Run(port, parish_pk)
    stop_at = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=run.client, args=(stop_at, pages, mode)) for _ in range(clients)
    ]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return run, time.perf_counter() - t0


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def readers_only(bare_tput, run, seconds):
    """The public pages alone (no submitter in the mix): the issue's page-throughput goal."""
    values = [v for samples in run.samples.values() for v in samples]
    tput = len(values) / seconds
    errors = sum(run.errors.values())
    hits = sum(run.hits.values()) / max(1, len(values))
    print(
        f"readers only: {len(values)} pages, {tput:.1f} req/s, "
        f"ratio to bare {tput / bare_tput:.2f} "
        f"(goal >= 0.50), p50 {pct(values, 0.5):.0f} ms, p95 {pct(values, 0.95):.0f} ms "
        f"(goal < 300 at 20), {hits:.0%} from the cache, {errors} 5xx"
    )
    return tput / bare_tput, pct(values, 0.95)


def report(level, bare_run, bare_s, mixed_run, mixed_s):
    bare_n = len(bare_run.samples["GET " + BARE])
    bare_tput = bare_n / bare_s
    mixed_n = sum(len(v) for v in mixed_run.samples.values())
    mixed_tput = mixed_n / mixed_s
    bare_p = bare_run.samples["GET " + BARE]
    print(f"\n== {level} clients, {mixed_s:.0f} s per phase")
    header = (
        f"{'URL':42} {'n':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'5xx':>4}"
        f" {'cached':>6}"
    )
    print(header)
    print(
        f"{'GET ' + BARE + ' (bare phase)':42} {bare_n:6d} {bare_tput:7.1f} "
        f"{pct(bare_p, 0.5):7.0f} {pct(bare_p, 0.95):7.0f} {pct(bare_p, 0.99):7.0f} "
        f"{bare_run.errors['GET ' + BARE]:4d}"
    )
    pages_only = []
    for label in sorted(mixed_run.samples):
        values = mixed_run.samples[label]
        if label.startswith("GET ") and label != "GET " + FORM:
            pages_only.extend(values)
        print(
            f"{label:42} {len(values):6d} {len(values) / mixed_s:7.1f} {pct(values, 0.5):7.0f} "
            f"{pct(values, 0.95):7.0f} {pct(values, 0.99):7.0f} {mixed_run.errors[label]:4d}"
            f" {mixed_run.hits[label] / len(values):6.0%}"
        )
    print(
        f"{'all (mixed phase)':42} {mixed_n:6d} {mixed_tput:7.1f} "
        f"{pct(pages_only, 0.5):7.0f} {pct(pages_only, 0.95):7.0f} {pct(pages_only, 0.99):7.0f}"
    )
    print(
        f"mixed / bare throughput: {mixed_tput / bare_tput:.2f}  "
        f"(goal >= 0.50); public pages p95 {pct(pages_only, 0.95):.0f} ms (goal < 300 at 20)"
    )
    return {
        "level": level,
        "bare": bare_tput,
        "mixed": mixed_tput,
        "ratio": mixed_tput / bare_tput,
        "p95": pct(pages_only, 0.95),
        "errors": sum(mixed_run.errors.values()) + sum(bare_run.errors.values()),
    }


def check_submissions(db, runs):
    os.environ["DATABASE_URL"] = pg_url(db)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from environment.complaints.models import Complaint

    acknowledged = [m for run in runs for m in run.acknowledged]
    unacknowledged = [m for run in runs for m in run.unacknowledged]
    stored = defaultdict(int)
    for description in Complaint.objects.filter(description__contains="(carga-").values_list(
        "description", flat=True
    ):
        match = re.search(r"\((carga-[0-9a-f]+)\)", description)
        if match:
            stored[match.group(1)] += 1
    missing = [m for m in acknowledged if stored.get(m, 0) == 0]
    twice = [m for m in acknowledged if stored.get(m, 0) > 1]
    print(
        f"\nsubmissions: {len(acknowledged)} acknowledged, {len(missing)} missing, "
        f"{len(twice)} stored more than once; {len(unacknowledged)} not acknowledged"
    )
    for line in unacknowledged[:5]:
        print("  not acknowledged:", line[:200])
    return not missing and not twice


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="minga_loadbench")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--levels", default="5,20,50")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    prepare_database(args.db, args.fresh)
    parish_pk = subprocess.run(
        ["psql", pg_url(args.db), "-tAc", "SELECT id FROM core_parish ORDER BY id LIMIT 1"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    server = start_server(args.db, args.port, args.workers)
    try:
        pages = []
        for path in READ_PAGES:
            status = request(args.port, "GET", path)[0]
            (pages.append(path) if status == 200 else print(f"skipped {path}: {status}"))
        product = subprocess.run(
            ["psql", pg_url(args.db), "-tAc", "SELECT slug FROM agroprices_product LIMIT 1"],
            capture_output=True,
            text=True,
        ).stdout.strip()
        if product:
            pages.append(f"/agroprecios/producto/{product}/")
        print(
            f"gunicorn -w {args.workers}; {len(pages)} public URLs; redis: "
            f"{os.environ.get('REDIS_URL') or 'none (local cache, eager tasks)'}"
        )
        results, runs = [], []
        for level in [int(n) for n in args.levels.split(",")]:
            bare_run, bare_s = phase(args.port, parish_pk, level, args.seconds, pages, "bare")
            read_run, read_s = phase(args.port, parish_pk, level, args.seconds, pages, "pages")
            mixed_run, mixed_s = phase(args.port, parish_pk, level, args.seconds, pages, "mixed")
            runs.append(mixed_run)
            result = report(level, bare_run, bare_s, mixed_run, mixed_s)
            result["read_ratio"], result["read_p95"] = readers_only(
                result["bare"], read_run, read_s
            )
            results.append(result)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        f"\n{'clients':>7} {'bare req/s':>10} {'mixed req/s':>11} {'ratio':>6} "
        f"{'pages p95 ms':>12} {'5xx':>4} {'readers-only ratio':>18} {'p95 ms':>6}"
    )
    for r in results:
        print(
            f"{r['level']:7d} {r['bare']:10.1f} {r['mixed']:11.1f} {r['ratio']:6.2f} "
            f"{r['p95']:12.0f} {r['errors']:4d} {r['read_ratio']:18.2f} {r['read_p95']:6.0f}"
        )
    if not check_submissions(args.db, runs):
        sys.exit("an acknowledged submission is missing or stored twice")


if __name__ == "__main__":
    main()

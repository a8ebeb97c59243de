"""Docker health check of the web container: GET /salud/ on gunicorn as the proxy would.

Exits 0 on 200 (ok), 1 otherwise (503 degraded, refused, timeout). It sends the first host of
ALLOWED_HOSTS and X-Forwarded-Proto: https, as nginx does, so neither the host check nor the
HTTPS redirect answers in place of the portal.
"""

import os
import sys
import urllib.error
import urllib.request

port = os.environ.get("PORT", "8000")
host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost"
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/salud/",
    headers={"Host": host, "X-Forwarded-Proto": "https"},
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:
        status = response.status
except urllib.error.HTTPError as exc:
    status = exc.code
except OSError as exc:
    print(f"unreachable: {exc}")
    sys.exit(1)
print(status)
sys.exit(0 if status == 200 else 1)

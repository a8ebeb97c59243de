"""gunicorn settings shared by compose and .ci/run (`gunicorn config.wsgi --config ...`).

The address comes from PORT (gunicorn binds 0.0.0.0:$PORT when it is set) and the number of
workers from WEB_CONCURRENCY (gunicorn's own variables); both default here.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Uploads (five photos, an import file) over a slow rural link: nginx buffers the body first,
# so this only bounds the time Django spends on one request.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Requests are logged by nginx; errors and the app's own lines go to stdout (docker logs).
accesslog = None
errorlog = "-"
# Recycle workers now and then so a slow leak never takes a replica down.
max_requests = 2000
max_requests_jitter = 200

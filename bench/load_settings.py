"""Settings for bench/load.py only: the portal's settings plus one bare view (bench/load_urls.py).

Never used by the portal itself; gunicorn is started with DJANGO_SETTINGS_MODULE pointing here.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
# As docker-compose.yml runs the portal (unless PAGE_CACHE_SECONDS says otherwise).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)  # noqa: F405

"""Per-key rate limits on the shared cache (atomic INCR on Redis), for public forms."""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The client's address as the trusted proxies saw it (settings.TRUSTED_PROXY_HOPS).

    With 0 hops, REMOTE_ADDR; with n, the n-th X-Forwarded-For entry from the right (each
    proxy appends the address it received from), so entries a client forges on the left
    are never read. The same rule as DRF's NUM_PROXIES, which the settings tie to it.
    """
    hops = settings.TRUSTED_PROXY_HOPS
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops > 0 and forwarded:
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-min(hops, len(addresses))]
    return remote or "unknown"


def hit(key: str, limit: int, period_seconds: int) -> bool:
    """Counts one hit; returns False when the key went over `limit` within the period.

    Fails safe: when the shared cache (Redis) is down, the hit is counted in this process
    instead (per worker, so a little laxer), and the citizen's form still works.
    """
    cache_key = f"ratelimit:{key}"
    try:
        cache.add(cache_key, 0, period_seconds)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, period_seconds)
            count = 1
    except Exception as exc:  # cache unreachable: count locally rather than answer 500
        logger.warning("rate limit: cache unavailable (%r); counting in-process", exc)
        count = _local_hit(cache_key, period_seconds)
    return count <= limit


_local_counts: dict[str, tuple[float, int]] = {}
_local_lock = threading.Lock()


def _local_hit(cache_key: str, period_seconds: int) -> int:
    now = time.monotonic()
    with _local_lock:
        if len(_local_counts) > 10_000:  # bounded memory: drop expired windows
            for k in [k for k, (until, _) in _local_counts.items() if until <= now]:
                del _local_counts[k]
        until, count = _local_counts.get(cache_key, (0.0, 0))
        if until <= now:
            until, count = now + period_seconds, 0
        count += 1
        _local_counts[cache_key] = (until, count)
        return count

"""Per-key rate limits on the shared cache (atomic INCR on Redis), for public forms."""

from django.core.cache import cache


def client_ip(request) -> str:
    # Behind the proxy, REMOTE_ADDR is set from X-Forwarded-For by the proxy configuration.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(key: str, limit: int, period_seconds: int) -> bool:
    """Counts one hit; returns False when the key went over `limit` within the period."""
    cache_key = f"ratelimit:{key}"
    cache.add(cache_key, 0, period_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, period_seconds)
        count = 1
    return count <= limit

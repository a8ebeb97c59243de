"""Read replica (DATABASE_REPLICA_URL): public reads go to the `replica` alias, the rest to
`default`.

Only GET/HEAD requests that carry no session cookie read from the replica: the anonymous
public (pages, downloads, the API's reads). A request with a session (staff, signed-in
people, a citizen who just filed a complaint and is shown its tracking code) reads from the
primary, so nobody misses their own write because of replication lag. Writes, Celery tasks
and management commands always use the primary.
"""

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_replica_reads = ContextVar("replica_reads", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _replica_reads.get() else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both aliases

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Marks the anonymous public's GET/HEAD requests as replica reads (see the module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only ReplicaRouter reads the flag, and it is installed only with a replica.
        use = (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        token = _replica_reads.set(use)
        try:
            response = self.get_response(request)
        finally:
            _replica_reads.reset(token)
        if use and response.streaming and not response.is_async:
            # Downloads are read while they are sent, after this call returned.
            response.streaming_content = _on_replica(response.streaming_content)
        return response


def _on_replica(chunks):
    token = _replica_reads.set(True)
    try:
        yield from chunks
    finally:
        _replica_reads.reset(token)

"""The Redis broker transport the worker uses (`CELERY_BROKER_TRANSPORT`).

kombu's own Redis transport, with one repair: when Redis goes away while the worker holds
unacknowledged messages (a countdown task waiting for its time, always the case here since
every change queues the recalculation 30 s later), celery 5.7/kombu 5.7 first collect the
broken connection and then close its channel, whose QoS tries to put the held messages back
through a connection that no longer exists. The AttributeError that follows is not a
connection error, so the worker logs "Unrecoverable error" and exits for good.

Here that restore is skipped when the connection is gone: the messages stay in Redis's
"unacked" set, and kombu returns them to the queue once `visibility_timeout` has passed, to
this worker (reconnected) or another. Checked by `tests/core/test_live_redis_restart.py`.
"""

import logging

from kombu.transport import redis

logger = logging.getLogger(__name__)


class QoS(redis.QoS):
    def restore_unacked(self, client=None):
        try:
            return super().restore_unacked(client)
        except AttributeError as exc:  # connection already collected: see the module docstring
            logger.warning(
                "broker lost with %d message(s) held; Redis redelivers them after the "
                "visibility timeout (%r)",
                len(self._delivered),
                exc,
            )
            return None


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel

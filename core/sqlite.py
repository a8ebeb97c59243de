"""SQLite, the zero-setup database, made to answer like PostgreSQL where the portal relies on it.

Django emulates STDDEV_POP and friends on SQLite with Python's `statistics`, fed every value
of the group: a LEFT JOIN's NULL (a proposal nobody scored yet) or an empty group makes it
raise, and the page fails, where PostgreSQL ignores NULLs and answers NULL.
"""

import statistics

from django.db.backends.signals import connection_created


def _aggregate(function):
    class Aggregate:
        def __init__(self):
            self.values = []

        def step(self, value):
            if value is not None:
                self.values.append(value)

        def finalize(self):
            try:
                return function(self.values)
            except statistics.StatisticsError:  # too few values: SQL answers NULL
                return None

    return Aggregate


AGGREGATES = {
    "STDDEV_POP": statistics.pstdev,
    "STDDEV_SAMP": statistics.stdev,
    "VAR_POP": statistics.pvariance,
    "VAR_SAMP": statistics.variance,
}


def register(sender, connection, **kwargs):
    if connection.vendor != "sqlite":
        return
    for name, function in AGGREGATES.items():
        connection.connection.create_aggregate(name, 1, _aggregate(function))


def connect():
    connection_created.connect(register, dispatch_uid="core.sqlite.register")

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest

from commitments import services, tasks
from commitments.models import Commitment, Indicator, Snapshot
from core.signals import announce_data_changed, data_changed

from .factories import IndicatorFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def test_a_burst_of_1000_signals_enqueues_one_recalculation(django_capture_on_commit_callbacks):
    with (
        mock.patch.object(tasks.recalculate_all, "apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for _ in range(1000):
            data_changed.send(sender="tests")
    apply_async.assert_called_once()
    assert apply_async.call_args.kwargs["countdown"] > 0


def test_a_new_burst_after_the_run_enqueues_again(django_capture_on_commit_callbacks):
    with mock.patch.object(tasks.recalculate_all, "apply_async") as apply_async:
        with django_capture_on_commit_callbacks(execute=True):
            data_changed.send(sender="tests")
        tasks.recalculate_all.run()
        with django_capture_on_commit_callbacks(execute=True):
            data_changed.send(sender="tests")
    assert apply_async.call_count == 2


def test_an_announced_change_recalculates_progress_on_commit(django_capture_on_commit_callbacks):
    milestone = MilestoneFactory(progress=60)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        announce_data_changed("tests")
    # announce → on_commit send → receiver → on_commit enqueue (eager in tests)
    while callbacks:
        pending, callbacks[:] = list(callbacks), []
        with django_capture_on_commit_callbacks(execute=True) as more:
            for callback in pending:
                callback()
        callbacks.extend(more)
    milestone.commitment.refresh_from_db()
    assert milestone.commitment.progress == 60
    assert Snapshot.objects.count() == 1


def test_recalculation_twice_on_a_day_keeps_one_snapshot_with_the_same_figures(fixed_indicator):
    milestone = MilestoneFactory(progress=40)
    IndicatorFactory(commitment=milestone.commitment, source="computed", source_key="tests.fixed")
    first = services.recalculate_all(today=date(2026, 11, 25))
    second = services.recalculate_all(today=date(2026, 11, 25))
    assert Snapshot.objects.count() == 1
    assert first.pk == second.pk
    assert first.data == second.data
    assert list(second.data["commitments"].values()) == ["40.00"]
    assert list(second.data["indicators"].values()) == ["42.50"]


def test_another_day_adds_a_snapshot():
    MilestoneFactory(progress=40)
    services.recalculate_all(today=date(2026, 11, 25))
    services.recalculate_all(today=date(2026, 11, 26))
    assert list(Snapshot.objects.values_list("date", flat=True)) == [
        date(2026, 11, 26),
        date(2026, 11, 25),
    ]


def test_a_failing_indicator_leaves_previous_values_intact(fixed_indicator, failing_indicator):
    milestone = MilestoneFactory(progress=40)
    good = IndicatorFactory(source="computed", source_key="tests.fixed")
    services.recalculate_all(today=date(2026, 11, 25))
    bad = IndicatorFactory(
        commitment=milestone.commitment,
        source="computed",
        source_key="tests.failing",
        current_value=Decimal(7),
    )
    Indicator.objects.filter(pk=good.pk).update(current_value=1)
    Commitment.objects.filter(pk=milestone.commitment_id).update(progress=0)
    milestone.progress = 80
    milestone.save()
    with pytest.raises(RuntimeError):
        services.recalculate_all(today=date(2026, 11, 26))
    good.refresh_from_db()
    bad.refresh_from_db()
    milestone.commitment.refresh_from_db()
    assert good.current_value == 1  # not rewritten to 42.50 by the failed run
    assert bad.current_value == 7
    assert milestone.commitment.progress == 0
    assert list(Snapshot.objects.values_list("date", flat=True)) == [date(2026, 11, 25)]


def test_the_celery_task_is_the_one_beat_schedules(settings):
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks.recalculate_all.name in names
    MilestoneFactory(progress=25)
    tasks.recalculate_all.delay()
    assert Commitment.objects.get().progress == 25

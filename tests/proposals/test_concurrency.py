"""Two database connections save the same member's scorecard at the same moment."""

import threading

import pytest
from django.db import connection

from proposals import services
from proposals.models import Score, Scorecard

# SQLite has one writer at a time: these races only exist on PostgreSQL.
pytestmark = pytest.mark.postgresql


def _run_at_once(*calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def worker(call):
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except Exception as exc:  # noqa: BLE001  (reported to the test below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_saves_of_one_scorecard_leave_one_row(proposal, criteria, make_member):
    member = make_member("foro-concurrente")
    first = {criteria[0].pk: 5, criteria[1].pk: 10}
    second = {criteria[0].pk: 1, criteria[1].pk: 1}
    for _round in range(3):
        results, errors = _run_at_once(
            lambda: services.scorecard_save(proposal=proposal, member=member, scores=first),
            lambda: services.scorecard_save(proposal=proposal, member=member, scores=second),
        )
        assert errors == []
        assert len(results) == 2
        assert Scorecard.objects.filter(proposal=proposal, member=member).count() == 1
        # The scores are those of one save or the other, never a mix of both.
        values = sorted(Score.objects.values_list("value", flat=True))
        assert values in ([5, 10], [1, 1])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_members_scoring_at_once_each_get_their_own_row(proposal, criteria, make_member):
    a, b = make_member("foro-a"), make_member("foro-b")
    scores = {criteria[0].pk: 3, criteria[1].pk: 4}
    results, errors = _run_at_once(
        lambda: services.scorecard_save(proposal=proposal, member=a, scores=scores),
        lambda: services.scorecard_save(proposal=proposal, member=b, scores=scores),
    )
    assert errors == []
    assert Scorecard.objects.filter(proposal=proposal).count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_support_clicked_twice_at_once_counts_once(proposal, citizen):
    results, errors = _run_at_once(
        lambda: services.proposal_support(proposal=proposal, user=citizen),
        lambda: services.proposal_support(proposal=proposal, user=citizen),
    )
    assert len(results) == 1 and len(errors) == 1
    assert "ya apoyó" in str(errors[0])
    proposal.refresh_from_db()
    assert proposal.support_count == 1

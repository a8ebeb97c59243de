from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commitments import levels, services
from commitments.models import ActionPlan, Commitment, Milestone, ProgressChange

from .factories import ActionPlanFactory, CommitmentFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


def _stored(obj):
    obj.refresh_from_db()
    return obj.progress


def test_commitment_progress_is_the_weighted_mean_of_its_milestones():
    commitment = CommitmentFactory()
    MilestoneFactory(commitment=commitment, weight=30, progress=100)
    MilestoneFactory(commitment=commitment, weight=30, progress=100)
    MilestoneFactory(commitment=commitment, weight=20, progress=100)
    MilestoneFactory(commitment=commitment, weight=20, progress=50)
    services.recalculate_progress()
    assert _stored(commitment) == Decimal("90.00")
    assert commitment.progress_computed_at is not None


def test_weighted_mean_rounds_to_two_decimals():
    commitment = CommitmentFactory()
    MilestoneFactory(commitment=commitment, weight=1, progress=100)
    MilestoneFactory(commitment=commitment, weight=2, progress=0)
    services.recalculate_progress()
    assert _stored(commitment) == Decimal("33.33")


def test_a_commitment_without_milestones_has_zero_progress():
    commitment = CommitmentFactory(progress=40)
    services.recalculate_progress()
    assert _stored(commitment) == 0


def test_plan_progress_is_the_mean_of_its_commitments():
    plan = ActionPlanFactory()
    for value in (100, 95, 90):
        MilestoneFactory(commitment=CommitmentFactory(plan=plan), progress=value)
    other = ActionPlanFactory()
    MilestoneFactory(commitment=CommitmentFactory(plan=other), progress=10)
    services.recalculate_progress()
    assert _stored(plan) == Decimal("95.00")
    assert _stored(other) == Decimal("10.00")


def test_recalculation_uses_the_same_queries_for_3_or_300_commitments(django_assert_num_queries):
    plan = ActionPlanFactory()
    for n in range(3):
        MilestoneFactory(commitment=CommitmentFactory(plan=plan), progress=n * 10)
    with django_assert_num_queries(2):
        services.recalculate_progress()
    commitments = Commitment.objects.bulk_create(
        CommitmentFactory.build(plan=plan, number=10_000 + n) for n in range(300)
    )
    Milestone.objects.bulk_create(
        MilestoneFactory.build(commitment=c, progress=50) for c in commitments
    )
    with django_assert_num_queries(2):
        services.recalculate_progress()
    assert Commitment.objects.filter(progress=50).count() == 300


def test_setting_milestone_progress_records_who_when_old_and_new(technician):
    milestone = MilestoneFactory(progress=20)
    change = services.milestone_set_progress(
        milestone=milestone, progress=Decimal("75"), by=technician, note="visita"
    )
    assert (change.old_progress, change.new_progress, change.changed_by) == (20, 75, technician)
    assert change.changed_at is not None
    assert _stored(milestone) == 75
    assert milestone.status == Milestone.Status.ONGOING
    assert _stored(milestone.commitment) == 75


def test_reaching_100_marks_the_milestone_done(technician):
    milestone = MilestoneFactory()
    services.milestone_set_progress(milestone=milestone, progress=100, by=technician)
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.DONE


def test_an_unchanged_value_records_no_change(technician):
    milestone = MilestoneFactory(progress=30)
    assert services.milestone_set_progress(milestone=milestone, progress=30, by=technician) is None
    assert not ProgressChange.objects.exists()


@pytest.mark.parametrize("bad", [-1, "100.01", 150, "abc", "NaN", "Infinity"])
def test_progress_outside_0_100_is_refused_with_a_clear_message(technician, bad):
    milestone = MilestoneFactory(progress=10)
    with pytest.raises(ValidationError) as info:
        services.milestone_set_progress(milestone=milestone, progress=bad, by=technician)
    assert "avance" in str(info.value.message_dict["progress"]).lower()
    assert _stored(milestone) == 10
    assert not ProgressChange.objects.exists()


def test_the_database_refuses_progress_outside_0_100():
    milestone = MilestoneFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.filter(pk=milestone.pk).update(progress=Decimal("101"))


@pytest.mark.parametrize("weight", [0, -5])
def test_the_database_refuses_non_positive_weights(weight):
    milestone = MilestoneFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Milestone.objects.filter(pk=milestone.pk).update(weight=weight)


def test_model_validation_explains_a_non_positive_weight():
    milestone = MilestoneFactory.build(commitment=CommitmentFactory(), weight=0)
    with pytest.raises(ValidationError) as info:
        milestone.full_clean()
    assert "El peso debe ser un número positivo." in info.value.message_dict["weight"]


def test_a_plan_must_end_after_it_starts():
    plan = ActionPlanFactory.build(period_start="2022-01-01", period_end="2021-01-01")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionPlan.objects.bulk_create([plan])


@pytest.mark.parametrize(
    ("progress", "key"),
    [
        (0, "not_started"),
        ("0.5", "limited"),
        ("49.99", "limited"),
        (50, "substantial"),
        (95, "substantial"),
        (100, "complete"),
    ],
)
def test_ogp_level_follows_the_thresholds(progress, key):
    assert levels.level_for(Decimal(progress)).key == key


def test_level_ranges_match_the_thresholds():
    for level in levels.ALL:
        low, high = levels.progress_range(level.key)
        assert levels.level_for(low) == level
        if high is not None:
            assert levels.level_for(high) != level


def test_the_portable_update_gives_the_same_figures_as_the_postgresql_one():
    from django.utils import timezone

    plan = ActionPlanFactory()
    for n in range(5):
        commitment = CommitmentFactory(plan=plan, number=n + 1)
        for m in range(3):
            MilestoneFactory(commitment=commitment, weight=m + 1, progress=(n * 17 + m * 29) % 101)
    CommitmentFactory(plan=plan, number=99, progress=12)  # no milestones
    services.recalculate_progress()
    expected = dict(Commitment.objects.values_list("pk", "progress"))
    Commitment.objects.update(progress=50)
    services._update_commitments_orm(None, timezone.now())
    assert dict(Commitment.objects.values_list("pk", "progress")) == expected
    assert expected[Commitment.objects.get(number=99).pk] == 0


def test_recalculating_some_commitments_leaves_the_others_alone():
    first = MilestoneFactory(progress=60).commitment
    other = CommitmentFactory(progress=33)
    services.recalculate_progress(commitment_ids=[first.pk])
    assert _stored(first) == 60
    assert _stored(other) == 33

"""Reads of the forum: public directory, mapping figures, calendar, participation."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from .models import Actor, Attendance, Meeting, Membership, Sector, active_memberships_q

# Fields safe for anyone to see. Contact fields are deliberately absent.
PUBLIC_ACTOR_FIELDS = [
    "id",
    "name",
    "kind",
    "sector",
    "status",
    "description",
    "website",
    "parish__code",
    "parish__name",
    "invited_on",
    "joined_on",
    "withdrawn_on",
]

# How many of the latest sessions count as "recent" when looking for actors drifting away.
RECENT_MEETINGS = 4
DRIFT_THRESHOLD = Decimal(50)


def public_actors():
    """Actors with their territory, never loading contact fields."""
    return Actor.objects.select_related("parish", "community").defer(
        "contact_name", "contact_email", "contact_phone"
    )


def _rate(present, total):
    if not total:
        return None
    return (Decimal(present) * 100 / Decimal(total)).quantize(Decimal("0.1"))


def counts_by_sector(actors=None):
    actors = Actor.objects.all() if actors is None else actors
    counts = dict(actors.values_list("sector").annotate(n=Count("pk")).order_by())
    return [(label, counts.get(value, 0)) for value, label in Sector.choices]


def counts_by_parish(actors=None):
    actors = Actor.objects.all() if actors is None else actors
    rows = actors.values("parish__name").annotate(n=Count("pk")).order_by("-n", "parish__name")
    return [(row["parish__name"], row["n"]) for row in rows]


def counts_by_canton(actors=None):
    actors = Actor.objects.all() if actors is None else actors
    rows = (
        actors.values("parish__canton__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "parish__canton__name")
    )
    return [(row["parish__canton__name"], row["n"]) for row in rows]


def active_member_count(day: date | None = None) -> int:
    day = day or timezone.localdate()
    return Membership.objects.filter(active_memberships_q(day)).values("user_id").distinct().count()


def active_actor_count() -> int:
    return Actor.objects.filter(status=Actor.Status.ACTIVE).count()


def next_meeting(now=None):
    now = now or timezone.now()
    return Meeting.objects.filter(ends_at__gte=now).order_by("starts_at").first()


def meetings_with_counts():
    return Meeting.objects.annotate(
        agenda_count=Count("agenda_items", distinct=True),
        present_count=Count(
            "attendances",
            filter=Q(attendances__status=Attendance.Status.PRESENT),
            distinct=True,
        ),
    ).defer("minutes", "description")


def meeting_detail(pk):
    return Meeting.objects.prefetch_related("agenda_items", "decisions", "files").get(pk=pk)


def meeting_attendance(meeting):
    return (
        meeting.attendances.select_related("member__actor")
        .only(
            "status",
            "self_checked_in",
            "member__role",
            "member__actor__name",
            "member__actor__sector",
            "meeting_id",
        )
        .order_by("member__actor__name")
    )


def home_panel(request):
    return {
        "next_meeting": next_meeting(),
        "members": active_member_count(),
        "actors": active_actor_count(),
    }


# Participation ---------------------------------------------------------------------------


def actor_participation(actor) -> dict:
    records = Attendance.objects.filter(member__actor=actor)
    figures = records.aggregate(total=Count("pk"), present=_present())
    years = (
        records.annotate(year=ExtractYear("meeting__starts_at"))
        .values("year")
        .annotate(total=Count("pk"), present=_present())
        .order_by("year")
    )
    return {
        **figures,
        "rate": _rate(figures["present"], figures["total"]),
        "years": [{**y, "rate": _rate(y["present"], y["total"])} for y in years],
    }


def sector_series(by_sector) -> list[dict]:
    """participation_by_sector() as series for {% line_chart %}."""
    return [
        {
            "label": row["sector"],
            "points": [(str(y), r) for y, r in zip(by_sector["years"], row["rates"], strict=True)],
        }
        for row in by_sector["rows"]
    ]


def _present():
    return Count("pk", filter=Q(status=Attendance.Status.PRESENT))


def participation_by_sector():
    """{"years": [...], "rows": [{"sector": label, "rates": [rate per year]}]}"""
    rows = (
        Attendance.objects.annotate(year=ExtractYear("meeting__starts_at"))
        .values("member__actor__sector", "year")
        .annotate(total=Count("pk"), present=_present())
        .order_by()
    )
    table = {}
    years = set()
    for row in rows:
        years.add(row["year"])
        table[(row["member__actor__sector"], row["year"])] = _rate(row["present"], row["total"])
    years = sorted(years)
    out = []
    for value, label in Sector.choices:
        rates = [table.get((value, y)) for y in years]
        if any(r is not None for r in rates):
            out.append({"sector": label, "rates": rates})
    return {"years": years, "rows": out}


def recent_meeting_ids(limit=RECENT_MEETINGS, now=None):
    now = now or timezone.now()
    return list(
        Meeting.objects.filter(starts_at__lte=now, attendances__isnull=False)
        .distinct()
        .order_by("-starts_at")
        .values_list("pk", flat=True)[:limit]
    )


def participation_by_actor():
    """Per actor: attendance rate per year, overall, recent and earlier, and a drift flag
    (recent rate under the threshold and lower than before). Three queries in all."""
    recent = recent_meeting_ids()
    per_year = (
        Attendance.objects.annotate(year=ExtractYear("meeting__starts_at"))
        .values("member__actor_id", "year")
        .annotate(total=Count("pk"), present=_present())
        .order_by()
    )
    totals = (
        Attendance.objects.values("member__actor_id")
        .annotate(
            total=Count("pk"),
            present=_present(),
            recent_total=Count("pk", filter=Q(meeting_id__in=recent)),
            recent_present=Count(
                "pk", filter=Q(meeting_id__in=recent, status=Attendance.Status.PRESENT)
            ),
        )
        .order_by()
    )
    years = set()
    by_actor = {}
    for row in per_year:
        years.add(row["year"])
        by_actor.setdefault(row["member__actor_id"], {})[row["year"]] = _rate(
            row["present"], row["total"]
        )
    years = sorted(years)
    figures = {row["member__actor_id"]: row for row in totals}
    actors = Actor.objects.filter(pk__in=figures).only("name", "sector").order_by("name")
    out = []
    for actor in actors:
        f = figures[actor.pk]
        recent_rate = _rate(f["recent_present"], f["recent_total"])
        earlier_rate = _rate(f["present"] - f["recent_present"], f["total"] - f["recent_total"])
        drifting = (
            recent_rate is not None
            and recent_rate < DRIFT_THRESHOLD
            and (earlier_rate is None or recent_rate < earlier_rate)
        )
        out.append(
            {
                "actor": actor,
                "rates": [by_actor[actor.pk].get(y) for y in years],
                "overall": _rate(f["present"], f["total"]),
                "recent": recent_rate,
                "earlier": earlier_rate,
                "drifting": drifting,
            }
        )
    return {"years": years, "rows": out}


def attendance_rate_between(start: date, end: date) -> Decimal:
    """Mean, over the sessions held between start and end, of each session's attendance %."""
    rows = (
        Meeting.objects.filter(
            starts_at__date__gte=start, starts_at__date__lte=end, attendances__isnull=False
        )
        .annotate(
            total=Count("attendances"),
            present=Count("attendances", filter=Q(attendances__status=Attendance.Status.PRESENT)),
        )
        .values_list("total", "present")
    )
    rates = [Decimal(p) * 100 / Decimal(t) for t, p in rows if t]
    if not rates:
        return Decimal(0)
    # Half up, like the SQL ROUND and the portal's other percentages (Decimal's default is
    # half even).
    return (sum(rates) / len(rates)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def active_actors_between(start: date, end: date) -> Decimal:
    """Actors that were part of the forum at some point between start and end."""
    count = (
        Actor.objects.filter(joined_on__isnull=False, joined_on__lte=end)
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=start))
        .count()
    )
    return Decimal(count)


def membership_inclusion():
    """Active members by self-declared gender and Tsáchila community: counts only, groups
    under core.inclusion.MIN_GROUP folded away."""
    from django.utils import timezone

    from core.inclusion import gender_and_community

    from .models import Membership

    today = timezone.localdate()
    return gender_and_community(Membership.objects.filter(active_memberships_q(today)))

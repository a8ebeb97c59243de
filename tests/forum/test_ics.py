from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from .factories import MeetingFactory


def test_the_ics_feed_parses_and_lists_each_meeting(client, db):
    start = timezone.now().replace(microsecond=0) + timedelta(days=7)
    upcoming = MeetingFactory(
        title="Sesión extraordinaria",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Auditorio del GADPSDT",
    )
    past = MeetingFactory(
        title="Sesión de instalación", online_url="https://meet.example.org/foro", place=""
    )
    response = client.get(reverse("forum:calendar-ics"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")

    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Sesión extraordinaria", "Sesión de instalación"}

    event = events["Sesión extraordinaria"]
    assert event.decoded("dtstart") == upcoming.starts_at
    assert event.decoded("dtend") == upcoming.ends_at
    assert str(event["location"]) == "Auditorio del GADPSDT"
    assert str(event["url"]).endswith(upcoming.get_absolute_url())
    assert str(events["Sesión de instalación"]["location"]) == "https://meet.example.org/foro"
    uids = {str(e["uid"]) for e in events.values()}
    assert len(uids) == 2 and f"forum-meeting-{past.pk}@testserver" in uids


def test_the_ics_feed_is_valid_with_no_meetings(client, db):
    calendar = Calendar.from_ical(client.get(reverse("forum:calendar-ics")).content)
    assert str(calendar["version"]) == "2.0"
    assert calendar.walk("VEVENT") == []

"""The forum calendar as iCalendar (RFC 5545), for calendar apps to subscribe to."""

from django.utils import timezone
from icalendar import Calendar, Event

from core.text import writable


def calendar_for(meetings, *, base_url: str, domain: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Minga//Foro Multiactor//ES")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Foro Multiactor · Santo Domingo de los Tsáchilas")
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    # Subscribed calendars poll the feed; every few hours is enough for monthly sessions.
    cal.add("x-published-ttl", "PT6H")
    for meeting in meetings:
        event = Event()
        event.add("uid", f"forum-meeting-{meeting.pk}@{domain}")
        event.add("summary", writable(meeting.title))
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("dtstamp", meeting.updated_at)
        event.add("last-modified", meeting.updated_at)
        location = meeting.place or meeting.online_url
        if location:
            event.add("location", writable(location))
        url = base_url + meeting.get_absolute_url()
        event.add("url", url)
        description = meeting.description
        if meeting.online_url:
            description = f"{description}\n\n{meeting.online_url}".strip()
        event.add("description", writable(f"{description}\n\n{url}".strip()))
        cal.add_component(event)
    return cal.to_ical()

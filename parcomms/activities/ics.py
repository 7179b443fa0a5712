"""A unit's sessions as an iCalendar feed (RFC 5545) that calendar apps subscribe to."""

import datetime as dt
from dataclasses import dataclass

from icalendar import Calendar, Event


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    title: str
    starts_at: dt.datetime  # aware
    ends_at: dt.datetime  # aware
    place: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    updated_at: dt.datetime | None = None


def build_calendar(name: str, events: list[CalendarEvent], *, now: dt.datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//parcomms//Lich sinh hoat CCHC//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", (item.updated_at or now).astimezone(dt.UTC))
        event.add("dtstart", item.starts_at.astimezone(dt.UTC))
        event.add("dtend", item.ends_at.astimezone(dt.UTC))
        event.add("summary", item.title)
        if item.place:
            event.add("location", item.place)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()

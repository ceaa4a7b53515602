"""When the running bot posts the digest: DIGEST_SCHEDULE (5-field cron, croniter) in DIGEST_TZ. Pure: the
caller passes the time and claims the period key in the store, so one replica posts once per period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from bot.store.records import Period

DEFAULT_SCHEDULE = "0 9 * * 1"  # Mondays 09:00
# A bot that was down or restarting at the scheduled minute still posts if it is back within this; one that
# starts for the first time on a Wednesday does not post the Monday digest late.
DUE_GRACE = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Schedule:
    expression: str
    tz: ZoneInfo


def parse_schedule(expression: str = DEFAULT_SCHEDULE, tz: str = "UTC") -> Schedule:
    """ValueError with a readable reason for a bad expression or time zone."""
    if len(expression.split()) != 5 or not croniter.is_valid(expression):
        raise ValueError(f"{expression!r} is not a 5-field cron expression (minute hour day month weekday)")
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{tz!r} is not a time zone name such as Europe/Berlin") from None
    return Schedule(expression, zone)


def last_run(schedule: Schedule, now: dt.datetime) -> dt.datetime:
    """The newest scheduled time at or before `now` (aware, in the schedule's zone)."""
    # croniter's get_prev is strictly before its start; a second later makes "at" count.
    start = now.astimezone(schedule.tz) + dt.timedelta(seconds=1)
    return croniter(schedule.expression, start).get_prev(dt.datetime)


def period_key(schedule: Schedule, now: dt.datetime) -> str:
    """Names the current period by its scheduled start, e.g. 2026-05-04T09:00+02:00: the claim's key."""
    return last_run(schedule, now).isoformat(timespec="minutes")


def due(schedule: Schedule, now: dt.datetime, grace: dt.timedelta = DUE_GRACE) -> str | None:
    """The period key when a run is due now (the scheduled time passed less than `grace` ago), else None."""
    fire = last_run(schedule, now)
    return fire.isoformat(timespec="minutes") if now - fire <= grace else None


def covered(schedule: Schedule, now: dt.datetime) -> Period:
    """What the run at the current period's start covers: from the scheduled time before it up to it."""
    end = last_run(schedule, now)
    start = croniter(schedule.expression, end).get_prev(dt.datetime)
    return Period(start.astimezone(dt.UTC), end.astimezone(dt.UTC))

"""A learner's calendar days: which day an instant belongs to, and where a day starts.

Pure date arithmetic, no ORM. A learner's day D runs from D at `day_start_hour` local wall
time to D+1 at the same wall time, so DST changes make some days 23 or 25 hours long and
they still count as one day each. Never step in 86,400-second units.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo


def local_date(at: datetime, zone: ZoneInfo, day_start_hour: int) -> date:
    """The learner's day that contains the aware instant `at`."""
    if at.tzinfo is None:
        raise ValueError("local_date needs an aware datetime")
    wall = at.astimezone(zone).replace(tzinfo=None)
    return (wall - timedelta(hours=day_start_hour)).date()


def day_start(day: date, zone: ZoneInfo, day_start_hour: int) -> datetime:
    """The first instant (UTC) of the learner's day `day`.

    When the start hour falls in a DST gap (it does not exist that day), the day starts at
    the end of the gap; when it occurs twice, at the first occurrence.
    """
    wall = datetime(day.year, day.month, day.day, day_start_hour)
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if local_date(first, zone, day_start_hour) == day and _is_first(
        first, day, zone, day_start_hour
    ):
        return first
    # In a gap, fold=0 and fold=1 land on either side of the transition; search between them
    # for the first instant that belongs to `day`.
    low = min(first, wall.replace(tzinfo=zone, fold=1).astimezone(UTC))
    high = max(first, wall.replace(tzinfo=zone, fold=1).astimezone(UTC))
    if local_date(high, zone, day_start_hour) != day:
        high += timedelta(hours=3)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if local_date(middle, zone, day_start_hour) >= day:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def _is_first(instant: datetime, day: date, zone: ZoneInfo, day_start_hour: int) -> bool:
    return local_date(instant - timedelta(seconds=1), zone, day_start_hour) < day


def day_end(day: date, zone: ZoneInfo, day_start_hour: int) -> datetime:
    """The first instant after the learner's day `day` (exclusive end)."""
    return day_start(day + timedelta(days=1), zone, day_start_hour)


def day_length(day: date, zone: ZoneInfo, day_start_hour: int) -> timedelta:
    return day_end(day, zone, day_start_hour) - day_start(day, zone, day_start_hour)


def exists(day: date, zone: ZoneInfo, day_start_hour: int) -> bool:
    """False for a calendar day a zone skipped (Kiritimati jumped over 31 December 1994)."""
    return local_date(day_start(day, zone, day_start_hour), zone, day_start_hour) == day


# A zone skips a calendar day only when its offset from UTC jumps forward by about a day
# (Kiritimati: -10 to +14 h; Samoa in 2011: -11 to +13 h). DST moves an hour or less.
_DATE_LINE_JUMP = timedelta(hours=12)


def skipped_between(earlier: date, later: date, zone: ZoneInfo, day_start_hour: int) -> list[date]:
    """The calendar days strictly between two days that `zone` never had."""
    before = datetime(earlier.year, earlier.month, earlier.day, 12, tzinfo=zone).utcoffset()
    after = datetime(later.year, later.month, later.day, 12, tzinfo=zone).utcoffset()
    if before is None or after is None or after - before < _DATE_LINE_JUMP:
        return []  # the common case, decided without searching day by day
    between = (earlier + timedelta(days=offset) for offset in range(1, (later - earlier).days))
    return [day for day in between if not exists(day, zone, day_start_hour)]

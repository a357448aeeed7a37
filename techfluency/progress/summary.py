"""Reads for the progress page and the streak shown everywhere."""

import itertools
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count, Sum

from techfluency.accounts.models import User
from techfluency.curriculum.models import Area, Concept
from techfluency.practice import scheduling
from techfluency.practice.models import Card, CardKind
from techfluency.progress import days, streaks
from techfluency.progress.models import Activity

# Only short gaps are searched for skipped calendar days: a longer gap breaks a streak anyway.
_SKIP_SEARCH_DAYS = streaks.MAX_FREEZES + 2


@dataclass(frozen=True)
class DaySummary:
    streak: streaks.Streak
    xp_today: int
    minutes_today: float


def day_summary(user: User, today: date) -> DaySummary:
    """The streak and today's XP and minutes, from one grouped query over the learner's days."""
    rows = _days_of(user)
    stored = sorted((day, zone, hour) for day, zone, hour, _, _ in rows)
    today_rows = [(xp, minutes) for day, _, _, xp, minutes in rows if day == today]
    streak = streaks.compute_streak([day for day, _, _ in stored], today, skipped_days(stored))
    return DaySummary(
        streak=streak,
        xp_today=sum(xp for xp, _ in today_rows),
        minutes_today=sum(minutes for _, minutes in today_rows),
    )


def _days_of(user: User) -> list[tuple[date, str, int, int, float]]:
    """(local date, zone, day-start hour, XP, minutes) for every day the learner practised.

    Hand-written because every page that shows the streak runs it: building the grouped ORM
    query and converting its rows took longer than SQLite took to answer it (bench/web.py).
    """
    # Fixed text (Activity's table is progress_activity); only the learner is a parameter.
    sql = (
        "SELECT local_date, timezone, day_start_hour, SUM(xp), SUM(minutes)"
        " FROM progress_activity WHERE user_id = %s"
        " GROUP BY local_date, timezone, day_start_hour"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk])
        rows = cursor.fetchall()
    # SQLite returns dates as ISO text through a raw cursor; PostgreSQL returns dates.
    return [
        (day if isinstance(day, date) else date.fromisoformat(day), zone, hour, xp, float(minutes))
        for day, zone, hour, xp, minutes in rows
    ]


def streak_for(user: User, today: date) -> streaks.Streak:
    return day_summary(user, today).streak


def skipped_days(stored: list[tuple[date, str, int]]) -> list[date]:
    """Days inside short gaps of history that the learner's zone at the time never had."""
    skipped = []
    for (earlier, _, _), (later, zone, hour) in itertools.pairwise(stored):
        gap = (later - earlier).days - 1
        if 0 < gap <= _SKIP_SEARCH_DAYS:
            skipped += days.skipped_between(earlier, later, ZoneInfo(zone), hour)
    return skipped


@dataclass(frozen=True)
class DayCell:
    day: date
    count: int
    xp: int
    frozen: bool
    future: bool

    @property
    def level(self) -> int:
        """0–4 for the heatmap colour."""
        return 0 if self.count == 0 else min(4, self.count)


def heatmap(
    user: User, today: date, streak: streaks.Streak, weeks: int = 12
) -> list[list[DayCell]]:
    """`weeks` columns of Monday-to-Sunday cells, ending with the week that holds today."""
    last_sunday = today + timedelta(days=6 - today.weekday())
    first = last_sunday - timedelta(days=weeks * 7 - 1)
    per_day = {
        row["local_date"]: row
        for row in Activity.objects.filter(user=user, local_date__gte=first, local_date__lte=today)
        .values("local_date")
        .annotate(count=Count("id"), xp=Sum("xp"))
    }
    frozen = set(streak.frozen_days)
    columns = []
    for week in range(weeks):
        column = []
        for weekday in range(7):
            day = first + timedelta(days=week * 7 + weekday)
            row = per_day.get(day)
            column.append(
                DayCell(
                    day=day,
                    count=row["count"] if row else 0,
                    xp=row["xp"] if row else 0,
                    frozen=day in frozen,
                    future=day > today,
                )
            )
        columns.append(column)
    return columns


def xp_by_day(user: User, today: date, span: int = 14) -> list[tuple[date, int]]:
    first = today - timedelta(days=span - 1)
    totals = dict(
        Activity.objects.filter(user=user, local_date__gte=first, local_date__lte=today)
        .values("local_date")
        .annotate(xp=Sum("xp"))
        .values_list("local_date", "xp")
    )
    return [
        (first + timedelta(days=i), totals.get(first + timedelta(days=i), 0)) for i in range(span)
    ]


@dataclass(frozen=True)
class AreaMastery:
    area: str
    name: str
    concepts_total: int
    concepts_seen: int
    # Mean FSRS recall probability over the concepts seen so far; None before the first.
    recall: float | None


def mastery_by_area(user: User, now: datetime) -> list[AreaMastery]:
    area_of = dict(Concept.objects.live().values_list("id", "area"))
    recalls: dict[str, list[float]] = defaultdict(list)
    for card in Card.objects.filter(user=user, kind=CardKind.CONCEPT):
        area = area_of.get(card.subject)
        if area is not None:
            recalls[area].append(scheduling.recall_probability(card.pk, card.fsrs_state(), now))
    totals: dict[str, int] = defaultdict(int)
    for area in area_of.values():
        totals[area] += 1
    return [
        AreaMastery(
            area=area.value,
            name=area.label,
            concepts_total=totals[area.value],
            concepts_seen=len(recalls[area.value]),
            recall=(sum(recalls[area.value]) / len(recalls[area.value]))
            if recalls[area.value]
            else None,
        )
        for area in Area
    ]


def reviews_due_by_day(user: User, today: date, span: int = 7) -> list[tuple[date, int]]:
    """Cards falling due on each of the next `span` days; today's count includes overdue ones."""
    zone, hour = user.zone, user.day_start_hour
    ends = [days.day_end(today + timedelta(days=i), zone, hour) for i in range(span)]
    dues = list(Card.objects.filter(user=user, due__lt=ends[-1]).values_list("due", flat=True))
    counts = []
    for index, end in enumerate(ends):
        start = ends[index - 1] if index else None
        counts.append(
            (
                today + timedelta(days=index),
                sum(1 for due in dues if due < end and (start is None or due >= start)),
            )
        )
    return counts

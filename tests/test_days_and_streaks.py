"""Streak arithmetic and learners' days, including DST days in awkward zones (pure logic)."""

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from techfluency.progress import days, streaks
from techfluency.progress.streaks import compute_streak

D = date(2026, 3, 1)


def span(start: date, count: int) -> list[date]:
    return [start + timedelta(days=i) for i in range(count)]


# --- local dates and day boundaries -----------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "zone", "hour", "expected"),
    [
        ("2026-03-10T03:59:00+00:00", "Europe/London", 4, date(2026, 3, 9)),
        ("2026-03-10T04:00:00+00:00", "Europe/London", 4, date(2026, 3, 10)),
        ("2026-03-10T23:30:00+00:00", "Asia/Tokyo", 0, date(2026, 3, 11)),
        ("2026-03-10T02:00:00+00:00", "America/Los_Angeles", 0, date(2026, 3, 9)),
        ("2026-03-10T10:00:00+00:00", "Pacific/Kiritimati", 0, date(2026, 3, 11)),
        ("2026-03-10T10:00:00+00:00", "Pacific/Kiritimati", 4, date(2026, 3, 10)),
        ("2026-03-10T10:00:00+00:00", "Pacific/Chatham", 0, date(2026, 3, 10)),
    ],
)
def test_local_date_uses_zone_and_day_start_hour(instant, zone, hour, expected):
    assert days.local_date(datetime.fromisoformat(instant), ZoneInfo(zone), hour) == expected


def test_same_three_utc_events_are_consecutive_days_in_los_angeles_and_one_day_gap_in_tokyo():
    events = [datetime(2026, 3, d, 7, 30, tzinfo=UTC) for d in (10, 11, 12)]
    la = {days.local_date(e, ZoneInfo("America/Los_Angeles"), 0) for e in events}
    assert compute_streak(la, max(la)).current == 3


# Each zone's 2026 offset changes: (zone, day-start hour, learner day, that day's length in
# hours). With a 04:00 start a 02:00 change falls in the previous learner-day.
DST_DAYS = [
    ("America/New_York", 0, date(2026, 3, 8), 23),
    ("America/New_York", 0, date(2026, 11, 1), 25),
    ("America/New_York", 4, date(2026, 3, 7), 23),
    ("America/New_York", 4, date(2026, 10, 31), 25),
    ("America/Santiago", 0, date(2026, 4, 4), 25),  # clocks go back at 24:00
    ("America/Santiago", 0, date(2026, 9, 6), 23),  # local midnight does not exist
    ("America/Santiago", 4, date(2026, 9, 5), 23),
    ("Australia/Lord_Howe", 0, date(2026, 4, 5), 24.5),  # a half-hour change
    ("Australia/Lord_Howe", 0, date(2026, 10, 4), 23.5),
    ("Australia/Lord_Howe", 4, date(2026, 10, 3), 23.5),
    ("Pacific/Chatham", 0, date(2026, 4, 5), 25),  # UTC+13:45 to +12:45
    ("Pacific/Chatham", 0, date(2026, 9, 27), 23),
    ("Pacific/Chatham", 4, date(2026, 9, 26), 23),
]


@pytest.mark.parametrize(("zone", "start_hour", "day", "hours"), DST_DAYS)
def test_dst_day_is_one_learner_day_of_its_real_length(zone, start_hour, day, hours):
    tz = ZoneInfo(zone)
    assert days.day_length(day, tz, start_hour) == timedelta(hours=hours)
    start = days.day_start(day, tz, start_hour)
    assert days.local_date(start, tz, start_hour) == day
    assert days.local_date(start - timedelta(seconds=1), tz, start_hour) == day - timedelta(days=1)
    assert days.day_length(day - timedelta(days=1), tz, start_hour) == timedelta(hours=24)


@pytest.mark.parametrize(("zone", "start_hour", "day", "hours"), DST_DAYS)
def test_practising_every_evening_across_dst_builds_a_streak(zone, start_hour, day, hours):
    tz = ZoneInfo(zone)
    stored = []
    for offset in range(-3, 4):
        local_day = day + timedelta(days=offset)
        wall = datetime(local_day.year, local_day.month, local_day.day, 21, 30, tzinfo=tz)
        stored.append(days.local_date(wall.astimezone(UTC), tz, start_hour))
    assert stored == [day + timedelta(days=offset) for offset in range(-3, 4)]
    assert compute_streak(stored, max(stored)).current == 7


def test_kiritimati_date_line_jump_is_not_a_missed_day():
    tz = ZoneInfo("Pacific/Kiritimati")
    # On 31 December 1994 the zone jumped from UTC-10 to UTC+14: that date never happened there.
    assert not days.exists(date(1994, 12, 31), tz, 0)
    assert days.exists(date(1994, 12, 30), tz, 0) and days.exists(date(1995, 1, 1), tz, 0)
    sessions = [
        datetime(1994, 12, 29, 20, tzinfo=UTC),
        datetime(1994, 12, 30, 20, tzinfo=UTC),
        datetime(1994, 12, 31, 20, tzinfo=UTC),
    ]
    stored = [days.local_date(at, tz, 0) for at in sessions]
    assert stored == [date(1994, 12, 29), date(1994, 12, 30), date(1995, 1, 1)]
    assert compute_streak(stored, stored[-1], skipped_days=[date(1994, 12, 31)]).current == 3
    assert compute_streak(stored, stored[-1]).current == 1  # what counting calendar days would do


def test_kiritimati_today_counts_like_anywhere_else():
    tz = ZoneInfo("Pacific/Kiritimati")
    sessions = [datetime(2026, 3, d, 11, tzinfo=UTC) for d in (9, 10, 11)]  # 01:00 local, next day
    stored = [days.local_date(at, tz, 0) for at in sessions]
    assert stored == [date(2026, 3, 10), date(2026, 3, 11), date(2026, 3, 12)]
    assert compute_streak(stored, date(2026, 3, 12)).current == 3


def test_seconds_arithmetic_would_get_spring_forward_wrong():
    tz = ZoneInfo("America/New_York")
    first = datetime(2026, 3, 7, 23, 30, tzinfo=tz)
    second = datetime(2026, 3, 9, 0, 30, tzinfo=tz)
    assert int((second - first).total_seconds()) // 86400 == 1  # the bug others ship
    assert (days.local_date(second, tz, 0) - days.local_date(first, tz, 0)).days == 2


# --- streak rules ------------------------------------------------------------------------------


def test_no_history_is_no_streak():
    assert compute_streak([], D) == streaks.Streak(0, 0, 0, (), False)


def test_today_not_yet_practised_keeps_the_streak():
    state = compute_streak(span(D, 3), D + timedelta(days=3))
    assert state.current == 3 and not state.active_today


def test_a_missed_day_without_freezes_breaks_the_streak():
    state = compute_streak([*span(D, 3), D + timedelta(days=4)], D + timedelta(days=4))
    assert (state.current, state.longest) == (1, 3)


def test_seven_active_days_earn_a_freeze_that_covers_a_missed_day():
    history = span(D, 7)
    state = compute_streak([*history, D + timedelta(days=8)], D + timedelta(days=8))
    assert state.current == 8
    assert state.frozen_days == (D + timedelta(days=7),)
    assert state.freezes_held == 0


def test_freezes_cap_at_two():
    assert compute_streak(span(D, 28), D + timedelta(days=27)).freezes_held == 2


def test_gap_longer_than_freezes_breaks_the_streak_and_keeps_them():
    history = span(D, 14)  # two freezes
    back = D + timedelta(days=17)  # three missed days: two freezes cannot save it
    state = compute_streak([*history, back], back)
    assert state.current == 1 and state.freezes_held == 2 and state.longest == 14


def test_open_gap_up_to_yesterday_uses_freezes():
    state = compute_streak(span(D, 7), D + timedelta(days=8))
    assert (
        state.current == 7
        and state.freezes_held == 0
        and state.frozen_days == (D + timedelta(days=7),)
    )


def test_moving_west_behind_the_last_stored_day_does_not_break_the_streak():
    history = span(D, 5)
    # The learner flew west: in the new zone "today" is the day before their last session.
    assert compute_streak(history, D + timedelta(days=3)).current == 5


def test_next_freeze_countdown():
    assert compute_streak(span(D, 3), D + timedelta(days=2)).days_to_next_freeze == 4
    assert compute_streak(span(D, 14), D + timedelta(days=13)).days_to_next_freeze is None


# --- properties over random histories with zone changes ---------------------------------------

ZONES = [
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Asia/Kolkata",
    "Europe/London",
    "Pacific/Pago_Pago",
]
START = datetime(2026, 1, 1, tzinfo=UTC)


@st.composite
def histories(draw: st.DrawFn) -> list[tuple[datetime, str, int]]:
    """Completions as (instant, zone at the time, day-start hour at the time), with zone changes."""
    count = draw(st.integers(min_value=0, max_value=60))
    minutes = sorted(draw(st.lists(st.integers(0, 60 * 24 * 120), min_size=count, max_size=count)))
    zone_changes = draw(st.lists(st.sampled_from(ZONES), min_size=1, max_size=4))
    hour = draw(st.sampled_from([0, 4, 6]))
    events = []
    for index, minute in enumerate(minutes):
        zone = zone_changes[min(len(zone_changes) - 1, index * len(zone_changes) // max(1, count))]
        events.append((START + timedelta(minutes=minute), zone, hour))
    return events


def stored_days(events: list[tuple[datetime, str, int]]) -> list[date]:
    """What the app stores: each completion's local date, fixed at write time."""
    return [days.local_date(at, ZoneInfo(zone), hour) for at, zone, hour in events]


@settings(max_examples=300, deadline=None)
@given(histories(), st.sampled_from(ZONES), st.integers(0, 3))
def test_rereading_history_in_another_zone_never_changes_the_streak(events, new_zone, days_later):
    stored = stored_days(events)
    if not stored:
        return
    today = max(stored) + timedelta(days=days_later)
    before = compute_streak(stored, today)
    # Re-reading uses the stored dates only; the learner's current zone cannot move them.
    shuffled = stored[:]
    random.Random(days_later).shuffle(shuffled)
    assert compute_streak(shuffled, today) == before


@settings(max_examples=500, deadline=None)
@given(histories(), st.integers(0, 60 * 24 * 3), st.sampled_from(ZONES))
def test_practising_now_never_lowers_the_streak(events, minutes_later, zone):
    """A new completion comes after every stored one; it can only add to the streak."""
    stored = stored_days(events)
    last = max((at for at, _, _ in events), default=START)
    at = last + timedelta(minutes=minutes_later)
    new_day = max([days.local_date(at, ZoneInfo(zone), 4), *stored])
    before = compute_streak(stored, new_day)
    after = compute_streak([*stored, new_day], new_day)
    assert after.current == (before.current if before.active_today else before.current + 1)
    assert after.longest >= before.longest


@settings(max_examples=300, deadline=None)
@given(histories())
def test_past_streaks_never_drop_as_history_grows(events):
    stored = stored_days(events)
    for cut in range(1, len(stored)):
        earlier = stored[:cut]
        day = max(earlier)
        then = streaks.streak_as_of(earlier, day)
        later = streaks.streak_as_of(stored, day)
        assert later.current >= then.current
        assert later.longest >= then.longest


@settings(max_examples=200, deadline=None)
@given(histories())
def test_longest_is_at_least_current_and_freezes_stay_within_the_cap(events):
    stored = stored_days(events)
    if not stored:
        return
    state = compute_streak(stored, max(stored) + timedelta(days=1))
    assert state.longest >= state.current >= 0
    assert 0 <= state.freezes_held <= streaks.MAX_FREEZES

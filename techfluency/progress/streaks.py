"""Streak arithmetic over the days a learner was active. Pure logic, no ORM.

The input is the set of local dates stored with each completion at the moment it happened
(never recomputed from today's zone), so re-reading history can never move a day.

Rules:
- a day counts when the learner finished at least one lesson or review session on it;
- every 7th active day earns a freeze, and a learner holds at most 2;
- a run of missed days is covered by freezes only when there are enough for the whole run
  (spending two freezes on a three-day gap would save nothing, so the learner keeps them);
  covered days keep the streak alive without adding to it;
- today is still open: not having practised yet today never breaks the streak;
- a day the learner's zone skipped (a date-line jump) is not a missed day.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

ACTIVE_DAYS_PER_FREEZE = 7
MAX_FREEZES = 2


@dataclass(frozen=True)
class Streak:
    current: int
    longest: int
    freezes_held: int
    frozen_days: tuple[date, ...]
    active_today: bool
    # Active days until the next freeze is earned; None while the learner holds the most.
    days_to_next_freeze: int | None = ACTIVE_DAYS_PER_FREEZE


def compute_streak(
    active_days: Iterable[date], today: date, skipped_days: Iterable[date] = ()
) -> Streak:
    days = sorted(set(active_days))
    skipped = set(skipped_days)
    if not days:
        return Streak(current=0, longest=0, freezes_held=0, frozen_days=(), active_today=False)
    # A learner who moved west can have a stored day later than "today" in the new zone;
    # treat that day as today so moving never breaks the streak.
    today = max(today, days[-1])

    current = longest = freezes = active_count = 0
    frozen: list[date] = []
    previous: date | None = None
    for day in days:
        if previous is not None:
            gap = _missed_between(previous, day, skipped)
            current, freezes = _cross_gap(previous, gap, current, freezes, frozen)
        current += 1
        active_count += 1
        if active_count % ACTIVE_DAYS_PER_FREEZE == 0:
            freezes = min(MAX_FREEZES, freezes + 1)
        longest = max(longest, current)
        previous = day

    assert previous is not None
    # Days missed between the last active day and yesterday; today is still open.
    open_gap = _missed_between(previous, today, skipped)
    if open_gap > 0:
        current, freezes = _cross_gap(previous, open_gap, current, freezes, frozen)
    until_next = ACTIVE_DAYS_PER_FREEZE - active_count % ACTIVE_DAYS_PER_FREEZE
    return Streak(
        current=current,
        longest=longest,
        freezes_held=freezes,
        frozen_days=tuple(frozen),
        active_today=days[-1] == today,
        days_to_next_freeze=None if freezes >= MAX_FREEZES else until_next,
    )


def _missed_between(earlier: date, later: date, skipped: set[date]) -> int:
    gap = (later - earlier).days - 1
    if gap > 0 and skipped:
        gap -= sum(1 for offset in range(1, gap + 1) if earlier + timedelta(days=offset) in skipped)
    return gap


def _cross_gap(
    last_active: date, gap: int, current: int, freezes: int, frozen: list[date]
) -> tuple[int, int]:
    """Apply `gap` missed days after `last_active`; return the new (current, freezes)."""
    if gap <= 0:
        return current, freezes
    if current > 0 and gap <= freezes:
        frozen.extend(last_active + timedelta(days=offset) for offset in range(1, gap + 1))
        return current, freezes - gap
    return 0, freezes


def streak_as_of(
    active_days: Iterable[date], day: date, skipped_days: Iterable[date] = ()
) -> Streak:
    """The streak as it stood at the end of `day`, from the history up to that day."""
    return compute_streak((d for d in active_days if d <= day), day, skipped_days)

"""The day's plan, FSRS ratings and XP (pure logic, many cases)."""

from datetime import UTC, datetime, timedelta

import pytest

from techfluency.practice import planning, rewards, scheduling
from techfluency.practice.scheduling import Rating


def review(n: int) -> planning.PlanItem:
    return planning.PlanItem("review", f"C-{n}", f"Concept {n}", "api", rewards.REVIEW_MINUTES)


def lesson(n: int, minutes: float = 2) -> planning.PlanItem:
    return planning.PlanItem("lesson", f"L-{n}", f"Lesson {n}", "api", minutes)


def sql(n: int) -> planning.PlanItem:
    return planning.PlanItem("sql", f"s{n:02d}", f"Exercise {n}", "sql", 3)


@pytest.mark.parametrize(
    ("goal", "done", "reviews", "lessons", "practice", "expected", "left_over"),
    [
        (5, 0, 0, 1, 0, ["L-1"], 0),  # a new learner: the first lesson
        (5, 0, 2, 1, 0, ["C-0", "C-1", "L-1"], 0),  # reviews first, then a lesson
        (2, 0, 6, 1, 0, ["C-0", "C-1", "C-2", "C-3"], 2),  # reviews fill a 2-minute goal
        (2, 0, 0, 1, 1, ["L-1"], 0),  # a 2-minute lesson fills a 2-minute goal
        (10, 0, 1, 1, 1, ["C-0", "L-1", "s01"], 0),  # room for a practice item
        (5, 5, 3, 1, 1, [], 3),  # goal met: nothing planned, the rest offered as extra
        (5, 4.5, 0, 1, 0, ["L-1"], 0),  # half a minute left: still offer the next thing
        (5, 0, 0, 0, 0, [], 0),  # nothing to do at all
    ],
)
def test_plan_day(goal, done, reviews, lessons, practice, expected, left_over):
    plan = planning.plan_day(
        goal_minutes=goal,
        minutes_done=done,
        due_reviews=[review(i) for i in range(reviews)],
        new_lessons=[lesson(i + 1) for i in range(lessons)],
        practice=[sql(i + 1) for i in range(practice)],
    )
    assert [item.subject for item in plan.items] == expected
    assert plan.reviews_left_over == left_over
    assert plan.minutes_planned <= max(goal - done, 0) or len(plan.items) == 1


def test_goal_met_offers_extra_without_planning_it():
    plan = planning.plan_day(
        goal_minutes=2, minutes_done=3, due_reviews=[review(1)], new_lessons=[lesson(1)]
    )
    assert plan.goal_met and plan.items == () and [i.subject for i in plan.extra] == ["C-1"]
    assert plan.next_item is not None and plan.next_item.subject == "C-1"


@pytest.mark.parametrize(
    ("correct", "total", "rating"),
    [
        (4, 4, Rating.GOOD),
        (3, 4, Rating.HARD),
        (2, 3, Rating.HARD),
        (2, 4, Rating.AGAIN),
        (0, 4, Rating.AGAIN),
        (1, 1, Rating.GOOD),
        (0, 1, Rating.AGAIN),
        (1, 2, Rating.AGAIN),
    ],
)
def test_rating_for_answers(correct, total, rating):
    assert scheduling.rating_for_answers(correct, total) == rating


@pytest.mark.parametrize(
    ("wrong", "hints", "gave_up", "rating"),
    [
        (0, 0, False, Rating.GOOD),
        (1, 0, False, Rating.HARD),
        (1, 1, False, Rating.HARD),
        (2, 1, False, Rating.AGAIN),
        (0, 0, True, Rating.AGAIN),
    ],
)
def test_rating_for_exercise(wrong, hints, gave_up, rating):
    assert (
        scheduling.rating_for_exercise(wrong_attempts=wrong, hints=hints, gave_up=gave_up) == rating
    )


@pytest.mark.parametrize(
    ("grades", "rating"),
    [
        ([(True, "covered"), (True, "covered"), (False, "covered")], Rating.EASY),
        (
            [(True, "covered"), (True, "covered"), (False, "missed"), (False, "covered")],
            Rating.GOOD,
        ),
        ([(True, "covered"), (False, "missed"), (False, "missed"), (False, "partly")], Rating.HARD),
        ([(True, "partly"), (True, "covered")], Rating.HARD),
        ([(True, "missed"), (True, "covered"), (False, "covered")], Rating.AGAIN),
    ],
)
def test_rating_for_self_grade(grades, rating):
    assert scheduling.rating_for_self_grade(grades) == rating


def test_fsrs_schedules_good_further_out_than_again_and_never_in_minutes():
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    fresh = scheduling.new_card(now)
    again = scheduling.review(1, fresh, Rating.AGAIN, now)
    good = scheduling.review(2, fresh, Rating.GOOD, now)
    assert now + timedelta(days=1) <= again.due < good.due
    later = scheduling.review(2, good, Rating.GOOD, good.due)
    assert later.due - good.due > good.due - now  # intervals grow


def test_recall_probability_falls_with_time_and_is_zero_before_study():
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    assert scheduling.recall_probability(1, scheduling.new_card(now), now) == 0.0
    studied = scheduling.review(1, scheduling.new_card(now), Rating.GOOD, now)
    soon = scheduling.recall_probability(1, studied, now + timedelta(days=1))
    late = scheduling.recall_probability(1, studied, now + timedelta(days=30))
    assert 1.0 >= soon > late > 0.0


@pytest.mark.parametrize(
    ("kind", "correct", "total", "xp"),
    [
        ("lesson", 4, 4, 18),
        ("lesson", 0, 4, 10),
        ("library", 2, 4, 14),
        ("review", 1, 1, 5),
        ("review", 0, 1, 2),
    ],
)
def test_xp_for_session(kind, correct, total, xp):
    assert rewards.xp_for_session(kind=kind, correct=correct, total=total) == xp

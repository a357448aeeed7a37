"""The progress page and the streak, through HTTP with a frozen clock."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from techfluency.curriculum.models import Concept
from techfluency.practice import scheduling
from techfluency.practice.models import Card
from techfluency.progress.models import Activity
from tests.flows import answer_all, start_lesson, start_review, visible_text

DAY1 = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def first_concept() -> Concept:
    return Concept.objects.live().order_by("position").first()  # type: ignore[return-value]


def practise_on(client, when: datetime) -> None:
    """Finish one session at `when`: the lesson the first time, a review afterwards."""
    concept = first_concept()
    with time_machine.travel(when, tick=False):
        if Card.objects.filter(subject=concept.pk).exists():
            answer_all(client, start_review(client, concept))
        else:
            answer_all(client, start_lesson(client, concept))


def test_progress_page_shows_streaks_heatmap_xp_mastery_and_due_days(content, learner, client_for):
    client = client_for(learner)
    for offset in range(3):
        practise_on(client, DAY1 + timedelta(days=offset))
    with time_machine.travel(DAY1 + timedelta(days=2, hours=1), tick=False):
        response = client.get(reverse("progress-overview"))
    assert response.status_code == 200
    context = response.context
    assert (context["streak"].current, context["streak"].longest) == (3, 3)
    cells = [cell for week in context["heatmap"] for cell in week]
    assert len(cells) == 84
    assert [cell.day for cell in cells if cell.count] == [
        date(2026, 3, 10),
        date(2026, 3, 11),
        date(2026, 3, 12),
    ]
    xp = dict(context["xp_days"])
    assert xp[date(2026, 3, 10)] > 0 and xp[date(2026, 3, 9)] == 0 and len(xp) == 14
    card = Card.objects.get(user=learner)
    due = dict(context["due_days"])
    assert len(due) == 7
    due_day = learner.local_date(card.due)
    assert sum(due.values()) == (1 if due_day in due else 0)
    assert all(count == (1 if day == due_day else 0) for day, count in due.items())
    api = next(area for area in context["mastery"] if area.area == "api")
    expected = scheduling.recall_probability(
        card.pk, card.fsrs_state(), DAY1 + timedelta(days=2, hours=1)
    )
    assert api.concepts_seen == 1 and api.recall == pytest.approx(expected)
    assert next(area for area in context["mastery"] if area.area == "db").recall is None


def test_a_missed_day_breaks_the_streak_but_longest_is_kept(content, learner, client_for):
    client = client_for(learner)
    practise_on(client, DAY1)
    practise_on(client, DAY1 + timedelta(days=1))
    practise_on(client, DAY1 + timedelta(days=3))
    with time_machine.travel(DAY1 + timedelta(days=3, hours=1), tick=False):
        streak = client.get(reverse("progress-overview")).context["streak"]
    assert (streak.current, streak.longest) == (1, 2)


def test_changing_zone_never_moves_past_days(content, learner, client_for):
    client = client_for(learner)
    learner.timezone = "Asia/Tokyo"
    learner.day_start_hour = 0
    learner.save()
    # 23:30 UTC is already the next morning in Tokyo.
    practise_on(client, datetime(2026, 3, 10, 23, 30, tzinfo=UTC))
    stored = Activity.objects.get(user=learner)
    assert (stored.local_date, stored.timezone) == (date(2026, 3, 11), "Asia/Tokyo")

    with time_machine.travel(datetime(2026, 3, 11, 4, 0, tzinfo=UTC), tick=False):
        client.post(
            reverse("accounts-settings"),
            {"timezone": "America/Los_Angeles", "day_start_hour": "4", "daily_goal_minutes": "5"},
        )
        # In Los Angeles it is now 10 March, before the stored day; the streak still stands.
        streak = client.get(reverse("progress-overview")).context["streak"]
    stored.refresh_from_db()
    assert stored.local_date == date(2026, 3, 11)
    assert streak.current == 1


def test_day_start_hour_puts_late_night_practice_on_the_previous_day(content, learner, client_for):
    client = client_for(learner)
    learner.timezone = "Europe/London"
    learner.save()
    practise_on(client, datetime(2026, 3, 11, 2, 30, tzinfo=UTC))  # 02:30, before the 04:00 start
    assert Activity.objects.get(user=learner).local_date == date(2026, 3, 10)


def test_hidden_streak_is_not_shown_but_days_still_count(content, learner, client_for):
    learner.hide_streak = True
    learner.save()
    client = client_for(learner)
    practise_on(client, DAY1)
    with time_machine.travel(DAY1, tick=False):
        today = client.get(reverse("practice-today"))
        progress = client.get(reverse("progress-overview"))
    assert "day streak" not in today.text
    assert "Your streak is hidden" in progress.text
    assert Activity.objects.filter(user=learner).count() == 1


@time_machine.travel(DAY1, tick=False)
def test_today_shows_xp_and_the_goal_met(content, learner, client_for):
    learner.daily_goal_minutes = 2
    learner.save()
    client = client_for(learner)
    answer_all(client, start_lesson(client, first_concept()))
    today = client.get(reverse("practice-today"))
    assert today.context["today"].xp_today > 0
    assert today.context["today"].plan.goal_met
    assert "Goal met for today" in today.text
    assert "1 day streak" in visible_text(today.text)

"""Reads for the Today page: what is due, what is next, and the day's plan."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from techfluency.accounts.models import User
from techfluency.curriculum.models import Concept
from techfluency.practice import planning, rewards
from techfluency.practice.models import Card, CardKind, PracticeSession
from techfluency.progress import days, streaks, summary


@dataclass(frozen=True)
class Today:
    day: date
    plan: planning.DayPlan
    streak: streaks.Streak
    xp_today: int
    reviews_tomorrow: int
    next_lesson_tomorrow: planning.PlanItem | None
    open_session_ids: dict[str, int]


def _concepts_in_order() -> list[Concept]:
    return list(
        Concept.objects.live().select_related("current_version").prefetch_related("prerequisites")
    )


def _lesson_item(concept: Concept) -> planning.PlanItem:
    assert concept.current_version is not None
    return planning.PlanItem(
        kind="lesson",
        subject=concept.pk,
        title=concept.title,
        area=concept.area,
        minutes=concept.current_version.minutes,
        slug=concept.slug,
    )


def unlocked_new_concepts(concepts: list[Concept], learned: set[str]) -> list[Concept]:
    """Concepts not yet studied whose prerequisites all are, in teaching order."""
    return [
        concept
        for concept in concepts
        if concept.pk not in learned
        and all(pre.pk in learned for pre in concept.prerequisites.all())
    ]


def today_for(user: User, now: datetime) -> Today:
    today = user.local_date(now)
    end_today = days.day_end(today, user.zone, user.day_start_hour)
    end_tomorrow = days.day_end(today + timedelta(days=1), user.zone, user.day_start_hour)
    concepts = _concepts_in_order()
    by_id = {concept.pk: concept for concept in concepts}

    cards = list(Card.objects.filter(user=user, kind=CardKind.CONCEPT).order_by("due"))
    learned = {card.subject for card in cards}
    due_reviews = [
        planning.PlanItem(
            kind="review",
            subject=card.subject,
            title=by_id[card.subject].title,
            area=by_id[card.subject].area,
            minutes=rewards.REVIEW_MINUTES,
            slug=by_id[card.subject].slug,
        )
        for card in cards
        if card.due < end_today and card.subject in by_id
    ]
    new_concepts = unlocked_new_concepts(concepts, learned)
    plan = planning.plan_day(
        goal_minutes=user.daily_goal_minutes,
        minutes_done=summary.minutes_on(user, today),
        due_reviews=due_reviews,
        new_lessons=[_lesson_item(concept) for concept in new_concepts[:2]],
    )
    planned_lessons = {item.subject for item in plan.items if item.kind == "lesson"}
    next_tomorrow = next(
        (_lesson_item(c) for c in new_concepts if c.pk not in planned_lessons),
        None,
    )
    open_sessions = dict(
        PracticeSession.objects.filter(user=user, completed_at__isnull=True).values_list(
            "concept_id", "id"
        )
    )
    return Today(
        day=today,
        plan=plan,
        streak=summary.streak_for(user, today),
        xp_today=summary.xp_on(user, today),
        reviews_tomorrow=plan.reviews_left_over
        + sum(
            1 for card in cards if end_today <= card.due < end_tomorrow and card.subject in by_id
        ),
        next_lesson_tomorrow=next_tomorrow,
        open_session_ids=open_sessions,
    )

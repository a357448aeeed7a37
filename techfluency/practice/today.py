"""Reads for the Today page: what is due, what is next, and the day's plan."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from techfluency.accounts.models import User
from techfluency.curriculum.catalogue import ConceptInfo, catalogue
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


def _item(kind: str, concept: ConceptInfo) -> planning.PlanItem:
    minutes = concept.minutes if kind == "lesson" else rewards.REVIEW_MINUTES
    return planning.PlanItem(
        kind=kind,
        subject=concept.id,
        title=concept.title,
        area=concept.area,
        minutes=minutes,
        slug=concept.slug,
    )


def unlocked_new_concepts(
    concepts: tuple[ConceptInfo, ...], learned: set[str]
) -> list[ConceptInfo]:
    """Concepts not yet studied whose prerequisites all are, in teaching order."""
    return [
        c
        for c in concepts
        if c.id not in learned and all(pre in learned for pre in c.prerequisites)
    ]


def today_for(user: User, now: datetime) -> Today:
    today = user.local_date(now)
    end_today = days.day_end(today, user.zone, user.day_start_hour)
    end_tomorrow = days.day_end(today + timedelta(days=1), user.zone, user.day_start_hour)
    live = catalogue()
    by_id = live.by_id()

    cards = list(
        Card.objects.filter(user=user, kind=CardKind.CONCEPT)
        .order_by("due")
        .values_list("subject", "due")
    )
    learned = {subject for subject, _ in cards}
    due_reviews = [
        _item("review", by_id[subject])
        for subject, due in cards
        if due < end_today and subject in by_id
    ]
    new_concepts = unlocked_new_concepts(live.concepts, learned)
    xp_today, minutes_today = summary.day_totals(user, today)
    plan = planning.plan_day(
        goal_minutes=user.daily_goal_minutes,
        minutes_done=minutes_today,
        due_reviews=due_reviews,
        new_lessons=[_item("lesson", concept) for concept in new_concepts[:2]],
    )
    planned_lessons = {item.subject for item in plan.items if item.kind == "lesson"}
    next_tomorrow = next(
        (_item("lesson", c) for c in new_concepts if c.id not in planned_lessons), None
    )
    open_sessions = dict(
        PracticeSession.objects.filter(user=user, completed_at__isnull=True).values_list(
            "concept_id", "id"
        )
    )
    due_tomorrow = sum(
        1 for subject, due in cards if end_today <= due < end_tomorrow and subject in by_id
    )
    return Today(
        day=today,
        plan=plan,
        streak=summary.streak_for(user, today),
        xp_today=xp_today,
        reviews_tomorrow=plan.reviews_left_over + due_tomorrow,
        next_lesson_tomorrow=next_tomorrow,
        open_session_ids=open_sessions,
    )

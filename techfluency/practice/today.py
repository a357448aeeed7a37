"""Reads for the Today page: what is due, what is next, and the day's plan."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from techfluency.accounts.models import User
from techfluency.curriculum.catalogue import Catalogue, ConceptInfo, ExerciseInfo, catalogue
from techfluency.practice import access, planning, rewards
from techfluency.practice.models import CardKind
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


def _exercise_item(kind: str, exercise: ExerciseInfo) -> planning.PlanItem:
    return planning.PlanItem(
        kind=kind,
        subject=exercise.id,
        title=exercise.title,
        area="sql",
        minutes=exercise.minutes,
        slug=exercise.id,
    )


def next_exercises(
    live: Catalogue, learned_slugs: set[str], started: set[str]
) -> list[ExerciseInfo]:
    """SQL exercises not yet tried whose lessons the learner has studied, in ladder order."""
    return [
        e
        for e in live.exercises
        if e.id not in started and e.concepts and set(e.concepts) <= learned_slugs
    ]


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
    exercises = live.exercises_by_id()
    questions = live.questions_by_id()

    inputs = access.get_plan_inputs_for_user(user)
    all_cards = inputs.cards
    learned = {subject for kind, subject, _ in all_cards if kind == CardKind.CONCEPT}
    due: list[tuple[datetime, planning.PlanItem]] = []
    for kind, subject, when in all_cards:
        if when >= end_today:
            continue
        if kind == CardKind.CONCEPT and subject in by_id:
            due.append((when, _item("review", by_id[subject])))
        elif kind == CardKind.SQL and subject in exercises:
            due.append((when, _exercise_item("sql-review", exercises[subject])))
        elif kind == CardKind.INTERVIEW and subject in questions:
            question = questions[subject]
            due.append(
                (
                    when,
                    planning.PlanItem(
                        "interview-review",
                        subject,
                        question.question,
                        "interview",
                        question.minutes,
                        subject,
                    ),
                )
            )
        elif kind == CardKind.EXPLAIN and subject in by_id:
            concept = by_id[subject]
            due.append(
                (
                    when,
                    planning.PlanItem(
                        "explain-review",
                        subject,
                        f"Explain: {concept.title}",
                        concept.area,
                        2,
                        concept.slug,
                    ),
                )
            )
    new_concepts = unlocked_new_concepts(live.concepts, learned)
    learned_slugs = {by_id[subject].slug for subject in learned if subject in by_id}
    practice = next_exercises(live, learned_slugs, inputs.started_exercises)
    overview = summary.day_summary(user, today)
    plan = planning.plan_day(
        goal_minutes=user.daily_goal_minutes,
        minutes_done=overview.minutes_today,
        due_reviews=[item for _, item in sorted(due, key=lambda pair: pair[0])],
        new_lessons=[_item("lesson", concept) for concept in new_concepts[:2]],
        practice=[_exercise_item("sql", exercise) for exercise in practice[:1]],
    )
    planned_lessons = {item.subject for item in plan.items if item.kind == "lesson"}
    next_tomorrow = next(
        (_item("lesson", c) for c in new_concepts if c.id not in planned_lessons), None
    )
    due_tomorrow = sum(1 for _, _, when in all_cards if end_today <= when < end_tomorrow)
    return Today(
        day=today,
        plan=plan,
        streak=overview.streak,
        xp_today=overview.xp_today,
        reviews_tomorrow=plan.reviews_left_over + due_tomorrow,
        next_lesson_tomorrow=next_tomorrow,
        open_session_ids=inputs.open_sessions,
    )

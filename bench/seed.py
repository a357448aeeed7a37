"""Seeds a database with learners who have months of realistic history, for the benchmarks.

Each learner joined some time in the last 120 days, practises on a random share of days
(some daily, most now and then), learned concepts in teaching order, and reviewed what FSRS
made due. Rows are written with bulk inserts: the point is the volume the pages read.
"""

import random
from datetime import UTC, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from techfluency.accounts.models import User
from techfluency.curriculum.models import Concept
from techfluency.practice import scheduling
from techfluency.practice.models import Answer, Card, PracticeSession, ReviewLog
from techfluency.progress import days
from techfluency.progress.models import Activity

ZONES = [
    "Europe/London",
    "America/New_York",
    "Asia/Kolkata",
    "America/Los_Angeles",
    "Europe/Berlin",
    "Asia/Tokyo",
]
BATCH = 2_000


def seed_learners(*, count: int, now: datetime, seed: int = 7) -> list[int]:
    rng = random.Random(seed)
    concepts = list(Concept.objects.live().select_related("current_version").order_by("position"))
    questions = {c.pk: list(c.current_version.questions.order_by("position")) for c in concepts}  # type: ignore[union-attr]
    password = make_password("benchmark password 1")  # hashed once and shared: seeding speed
    users = [
        User(
            email=f"learner{index:05d}@bench.example",
            password=password,
            timezone=rng.choice(ZONES),
            daily_goal_minutes=rng.choice([2, 5, 5, 10]),
            date_joined=now - timedelta(days=rng.randint(1, 120)),
        )
        for index in range(count)
    ]
    with transaction.atomic():
        User.objects.bulk_create(users, batch_size=BATCH)
    users = list(User.objects.filter(email__endswith="@bench.example").order_by("pk"))
    for start in range(0, len(users), 500):
        with transaction.atomic():
            _seed_history(users[start : start + 500], concepts, questions, now, rng)
    return [user.pk for user in users]


def _seed_history(users, concepts, questions, now, rng) -> None:
    cards, sessions, activities = [], [], []
    plans = []
    for user in users:
        zone = user.zone
        # Like any consumer app: a few daily regulars, many who drop in now and then, and
        # most people leaving within weeks (an exponential lifetime, mean 30 days).
        habit = rng.choice([0.85, 0.5, 0.2, 0.08])  # share of days practised while active
        day = user.local_date(user.date_joined)
        today = user.local_date(now)
        last_day = min(today, day + timedelta(days=int(rng.expovariate(1 / 30)) + 1))
        learned = 0
        states: dict[str, scheduling.CardState] = {}
        while day < last_day:
            if rng.random() < habit:
                at = days.day_start(day, zone, user.day_start_hour) + timedelta(
                    hours=rng.randint(8, 20)
                )
                due = [cid for cid, state in states.items() if state.due <= at]
                todo = [("review", cid) for cid in due[:2]]

                if learned < len(concepts):
                    todo.append(("lesson", concepts[learned].pk))
                    learned += 1
                for kind, concept_id in todo:
                    state = states.get(concept_id) or scheduling.new_card(at)
                    rating = rng.choice(
                        [scheduling.Rating.GOOD] * 3
                        + [scheduling.Rating.HARD, scheduling.Rating.AGAIN]
                    )
                    states[concept_id] = scheduling.review(
                        hash((user.pk, concept_id)) & 0xFFFFFFF, state, rating, at
                    )
                    plans.append((user, kind, concept_id, at, rating, day))
                    at += timedelta(minutes=3)
            day += timedelta(days=1)
        for concept_id, state in states.items():
            card = Card(user=user, kind="concept", subject=concept_id)
            card.apply(state)
            cards.append(card)
    Card.objects.bulk_create(cards, batch_size=BATCH)
    by_concept = {c.pk: c for c in concepts}
    for user, kind, concept_id, at, rating, _day in plans:
        concept = by_concept[concept_id]
        asked = questions[concept_id] if kind == "lesson" else [rng.choice(questions[concept_id])]
        sessions.append(
            PracticeSession(
                user=user,
                concept=concept,
                lesson_version=concept.current_version,
                kind=kind,
                question_ids=[q.pk for q in asked],
                started_at=at - timedelta(minutes=2),
                completed_at=at,
                xp=12 if kind == "lesson" else 5,
                rating=rating,
            )
        )
    created = PracticeSession.objects.bulk_create(sessions, batch_size=BATCH)
    answers, logs = [], []
    card_ids = {(c.user_id, c.subject): c.pk for c in Card.objects.filter(user__in=users)}
    for session, (user, kind, concept_id, at, rating, day) in zip(created, plans, strict=True):
        # Answers are read only for a concept's recent reviews: keep the last two weeks'.
        if at < now - timedelta(days=14):
            question_ids: list[int] = []
        else:
            question_ids = session.question_ids
        for question_id in question_ids:
            answers.append(
                Answer(
                    session=session,
                    question_id=question_id,
                    chosen=0,
                    correct=rng.random() < 0.75,
                    answered_at=at,
                )
            )
        logs.append(
            ReviewLog(
                card_id=card_ids[(user.pk, concept_id)],
                rating=rating,
                reviewed_at=at,
                due_after=at + timedelta(days=2),
                stability_after=2.0,
                session=session,
            )
        )
        activities.append(
            Activity(
                user=user,
                kind=f"{kind}-session",
                ref=str(session.pk),
                occurred_at=at,
                local_date=day,
                timezone=user.timezone,
                day_start_hour=user.day_start_hour,
                xp=session.xp,
                minutes=2 if kind == "lesson" else 0.5,
            )
        )
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    ReviewLog.objects.bulk_create(logs, batch_size=BATCH)
    Activity.objects.bulk_create(activities, batch_size=BATCH)


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)

"""The only ways to fetch a learner's practice rows: each takes the learner, so an outsider
gets 404 by construction."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from techfluency.accounts.models import User
from techfluency.curriculum.catalogue import LessonPage, lesson_page
from techfluency.curriculum.models import Concept
from techfluency.practice.models import Card, CardKind, PracticeSession


def get_session_for_user(user: User, session_id: int) -> PracticeSession:
    try:
        return PracticeSession.objects.select_related("concept", "lesson_version").get(
            pk=session_id, user=user
        )
    except PracticeSession.DoesNotExist:
        raise Http404("No such practice session") from None


def _concept_cards(user: User, concept_id: str) -> QuerySet[Card]:
    return Card.objects.filter(user=user, kind=CardKind.CONCEPT, subject=concept_id)


def get_concept_card_for_user(user: User, concept: Concept) -> Card | None:
    return _concept_cards(user, concept.pk).first()


def has_studied(user: User, concept_id: str) -> bool:
    return _concept_cards(user, concept_id).exists()


def get_live_lesson_page(slug: str) -> LessonPage:
    page = lesson_page(slug)
    if page is None:
        raise Http404("No such lesson")
    return page


def get_live_concept(slug: str) -> Concept:
    try:
        return Concept.objects.live().select_related("current_version").get(slug=slug)
    except Concept.DoesNotExist:
        raise Http404("No such lesson") from None


@dataclass(frozen=True)
class PlanInputs:
    """The learner's rows the Today plan is made from."""

    cards: list[tuple[str, str, datetime]]  # (kind, subject, due), soonest first
    started_exercises: set[str]
    open_sessions: dict[str, int]  # concept id -> id of its unfinished practice session


def get_plan_inputs_for_user(user: User) -> PlanInputs:
    """Cards, started SQL exercises and unfinished sessions, in one round trip.

    Today is the most visited page. Building three ORM queries cost more Python time than the
    database spent answering them (bench/web.py), so this is one hand-written UNION.
    """
    # Table names are written out: the statement is fixed text, only the learner is a parameter.
    # The first branch types the columns for PostgreSQL, so its NULL session id is cast.
    sql = (
        "SELECT 'card', kind, subject, due, CAST(NULL AS bigint) FROM practice_card"
        " WHERE user_id = %s"
        " UNION ALL"
        " SELECT 'exercise', '', exercise_id, NULL, NULL FROM sqllab_exerciseprogress"
        " WHERE user_id = %s"
        " UNION ALL"
        " SELECT 'open', '', concept_id, NULL, id FROM practice_practicesession"
        " WHERE user_id = %s AND completed_at IS NULL"
    )
    cards: list[tuple[str, str, datetime]] = []
    started: set[str] = set()
    open_sessions: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk, user.pk])
        for source, kind, subject, due, session_id in cursor.fetchall():
            if source == "card":
                cards.append((kind, subject, _utc(due)))
            elif source == "exercise":
                started.add(subject)
            else:
                open_sessions[subject] = session_id
    cards.sort(key=lambda card: card[2])
    return PlanInputs(cards, started, open_sessions)


def _utc(value: datetime | str) -> datetime:
    # A raw cursor skips the ORM's converters: SQLite hands back UTC text or naive datetimes.
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(f"not a datetime: {value!r}")
        value = parsed
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)

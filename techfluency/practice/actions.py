"""Every write of the practice loop: starting a session, answering, completing, reviewing a card."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from techfluency.accounts.models import User
from techfluency.curriculum.models import CheckQuestion, Concept
from techfluency.practice import rewards, scheduling
from techfluency.practice.models import (
    Answer,
    Card,
    CardKind,
    PracticeSession,
    ReviewLog,
    SessionKind,
)
from techfluency.progress.actions import activity_record


class NotAQuestionOfThisSession(ValueError):
    pass


def session_start(
    *, user: User, concept: Concept, kind: SessionKind, now: datetime
) -> PracticeSession:
    """Open a session on a concept, or return the one already open (two tabs share it)."""
    existing = PracticeSession.objects.filter(
        user=user, concept=concept, kind=kind, completed_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    version = concept.current_version
    assert version is not None, "only live concepts can be practised"
    questions = list(version.questions.order_by("position"))
    if kind == SessionKind.REVIEW:
        questions = [_review_question(user=user, concept=concept, questions=questions)]
    try:
        with transaction.atomic():
            return PracticeSession.objects.create(
                user=user,
                concept=concept,
                lesson_version=version,
                kind=kind,
                question_ids=[question.pk for question in questions],
                started_at=now,
            )
    except IntegrityError:
        # Another request opened it between our check and our insert.
        return PracticeSession.objects.get(
            user=user, concept=concept, kind=kind, completed_at__isnull=True
        )


def _review_question(
    *, user: User, concept: Concept, questions: list[CheckQuestion]
) -> CheckQuestion:
    """The question this learner has gone longest without seeing; never the one seen last."""
    seen_at: dict[str, datetime] = {}
    for key, answered_at in Answer.objects.filter(
        session__user=user, session__concept=concept
    ).values_list("question__key", "answered_at"):
        seen_at[key] = max(answered_at, seen_at.get(key, answered_at))
    never_seen = [question for question in questions if question.key not in seen_at]
    if never_seen:
        return never_seen[0]
    return min(questions, key=lambda question: (seen_at[question.key], question.position))


@dataclass(frozen=True)
class AnswerOutcome:
    answer: Answer
    # False when this question had already been answered (a double submit or another tab):
    # the first answer stands.
    created: bool
    session: PracticeSession


def answer_record(
    *, session: PracticeSession, question_id: int, chosen: int, now: datetime
) -> AnswerOutcome:
    """Record the learner's choice; the last answer completes the session. Safe to repeat."""
    if question_id not in session.question_ids:
        raise NotAQuestionOfThisSession(question_id)
    with transaction.atomic():
        # The row lock serialises concurrent answers to one session on PostgreSQL; SQLite
        # serialises every write transaction already (IMMEDIATE mode).
        locked = (
            PracticeSession.objects.select_for_update(of=("self",))
            .select_related("user", "concept")
            .get(pk=session.pk)
        )
        existing = Answer.objects.filter(session=locked, question_id=question_id).first()
        if existing is not None:
            return AnswerOutcome(answer=existing, created=False, session=locked)
        question = CheckQuestion.objects.get(pk=question_id)
        if not 0 <= chosen < len(question.options):
            raise ValueError(f"option {chosen} does not exist")
        answer = Answer.objects.create(
            session=locked,
            question=question,
            chosen=chosen,
            correct=question.options[chosen]["correct"],
            answered_at=now,
        )
        if locked.completed_at is None and locked.answers.count() == len(locked.question_ids):
            _session_complete(session=locked, now=now)
        return AnswerOutcome(answer=answer, created=True, session=locked)


def _session_complete(*, session: PracticeSession, now: datetime) -> None:
    answers = list(session.answers.all())
    correct = sum(answer.correct for answer in answers)
    rating = scheduling.rating_for_answers(correct, len(answers))
    duration_ms = int((now - session.started_at).total_seconds() * 1000)
    card_review(
        user=session.user,
        kind=CardKind.CONCEPT,
        subject=session.concept_id,
        rating=rating,
        at=now,
        session=session,
        duration_ms=duration_ms,
    )
    session.completed_at = now
    session.rating = rating
    session.xp = rewards.xp_for_session(kind=session.kind, correct=correct, total=len(answers))
    session.save(update_fields=["completed_at", "rating", "xp"])
    minutes = (
        session.lesson_version.minutes
        if session.kind != SessionKind.REVIEW
        else rewards.REVIEW_MINUTES
    )
    activity_record(
        user=session.user,
        kind=f"{session.kind}-session",
        ref=str(session.pk),
        at=now,
        xp=session.xp,
        minutes=minutes,
    )


def card_review(
    *,
    user: User,
    kind: str,
    subject: str,
    rating: scheduling.Rating,
    at: datetime,
    session: PracticeSession | None = None,
    duration_ms: int | None = None,
) -> Card:
    """Apply one FSRS review to the learner's card for an item, creating the card on first study."""
    card = Card.objects.select_for_update().filter(user=user, kind=kind, subject=subject).first()
    if card is None:
        card = Card(user=user, kind=kind, subject=subject)
        card.apply(scheduling.new_card(at))
        card.save()
    due_before = card.due if card.last_review is not None else None
    reviewed = scheduling.review(card.pk, card.fsrs_state(), rating, at)
    card.apply(reviewed)
    card.save(update_fields=["state", "step", "stability", "difficulty", "due", "last_review"])
    ReviewLog.objects.create(
        card=card,
        rating=rating,
        reviewed_at=at,
        review_duration_ms=duration_ms,
        due_before=due_before,
        due_after=reviewed.due,
        stability_after=reviewed.stability or 0.0,
        session=session,
    )
    return card

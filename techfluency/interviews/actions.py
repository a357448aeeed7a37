"""Every write of interview practice: drafts, attempts, self-grades and the AI judge's opinion."""

from datetime import datetime

from django.conf import settings
from django.db import transaction

from techfluency.accounts.models import User
from techfluency.curriculum.models import Concept
from techfluency.interviews import coaching
from techfluency.interviews.judge import JudgeConfig, judge
from techfluency.interviews.models import AnswerDraft, Attempt, InterviewQuestion
from techfluency.practice import scheduling
from techfluency.practice.actions import card_review
from techfluency.practice.models import CardKind
from techfluency.progress.actions import activity_record

ATTEMPT_XP = 15
DRILL_XP = 8


def draft_save(
    *, user: User, question: InterviewQuestion | None, concept: Concept | None, text: str
) -> AnswerDraft:
    draft, _ = AnswerDraft.objects.update_or_create(
        user=user, question=question, concept=concept, defaults={"text": text}
    )
    return draft


@transaction.atomic
def attempt_submit(
    *,
    user: User,
    question: InterviewQuestion | None = None,
    concept: Concept | None = None,
    text: str,
    timer_seconds: int | None,
    now: datetime,
) -> Attempt:
    """Keep the answer with the coach's report; the draft is cleared once it is safely stored."""
    if question is not None:
        report = coaching.coach_question(question, text)
    else:
        assert concept is not None
        report = coaching.coach_drill(concept, text)
    attempt = Attempt.objects.create(
        user=user,
        question=question,
        concept=concept,
        text=text,
        timer_seconds=timer_seconds,
        coach=report.as_json(),
        submitted_at=now,
    )
    AnswerDraft.objects.filter(user=user, question=question, concept=concept).delete()
    return attempt


def attempt_self_grade(*, attempt: Attempt, grades: dict[str, str], now: datetime) -> Attempt:
    """The learner's own verdict per point becomes the FSRS rating; it counts for the day once."""
    with transaction.atomic():
        locked = (
            Attempt.objects.select_for_update(of=("self",))
            .select_related("user", "question", "concept")
            .get(pk=attempt.pk)
        )
        if locked.graded_at is not None:
            return locked
        must = {p["id"]: bool(p["must"]) for p in locked.coach.get("points", [])}
        rating = scheduling.rating_for_self_grade(
            [(must[point], grade) for point, grade in grades.items()]
        )
        locked.self_grades = grades
        locked.rating = rating
        locked.graded_at = now
        locked.save(update_fields=["self_grades", "rating", "graded_at"])
        if locked.question is not None:
            kind, subject, xp, minutes = (
                CardKind.INTERVIEW,
                locked.question.pk,
                ATTEMPT_XP,
                float(locked.question.minutes),
            )
        else:
            assert locked.concept is not None
            kind, subject, xp, minutes = CardKind.EXPLAIN, locked.concept.pk, DRILL_XP, 2.0
        card_review(user=locked.user, kind=kind, subject=subject, rating=rating, at=now)
        activity_record(
            user=locked.user,
            kind=f"{kind}-attempt",
            ref=str(locked.pk),
            at=now,
            xp=xp,
            minutes=minutes,
        )
        return locked


def judge_config() -> JudgeConfig | None:
    if not (settings.LLM_BASE_URL and settings.LLM_API_KEY and settings.LLM_MODEL):
        return None
    return JudgeConfig(
        base_url=settings.LLM_BASE_URL,
        api_key=settings.LLM_API_KEY,
        model=settings.LLM_MODEL,
        timeout=settings.LLM_TIMEOUT_SECONDS,
    )


def attempt_judge(*, attempt: Attempt) -> Attempt:
    """Ask the configured AI judge once per attempt; never called when it is not configured."""
    config = judge_config()
    if config is None or attempt.question is None or attempt.judge:
        return attempt
    result = judge(
        config,
        question=attempt.question.question,
        rubric=attempt.question.rubric,
        answer=attempt.text,
    )
    attempt.judge = result.as_json()
    attempt.save(update_fields=["judge"])
    return attempt

"""Everything we hold about a learner, as one JSON-ready document."""

from typing import Any

from django.utils import timezone

from techfluency.accounts.models import User
from techfluency.interviews.models import AnswerDraft, Attempt
from techfluency.practice.models import Answer, Card, PracticeSession, ReviewLog
from techfluency.progress.models import Activity
from techfluency.sqllab.models import Draft, ExerciseProgress, Submission

EXPORT_FORMAT_VERSION = 1


def export_for(user: User) -> dict[str, Any]:
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "timezone": user.timezone,
            "day_start_hour": user.day_start_hour,
            "daily_goal_minutes": user.daily_goal_minutes,
            "hide_streak": user.hide_streak,
        },
        "cards": list(
            Card.objects.filter(user=user)
            .order_by("kind", "subject")
            .values(
                "kind",
                "subject",
                "state",
                "stability",
                "difficulty",
                "due",
                "last_review",
                "created_at",
            )
        ),
        "review_logs": list(
            ReviewLog.objects.filter(card__user=user)
            .order_by("reviewed_at")
            .values(
                "card__kind",
                "card__subject",
                "rating",
                "reviewed_at",
                "review_duration_ms",
                "due_after",
            )
        ),
        "practice_sessions": list(
            PracticeSession.objects.filter(user=user)
            .order_by("started_at")
            .values(
                "id",
                "kind",
                "concept_id",
                "lesson_version__number",
                "started_at",
                "completed_at",
                "xp",
                "rating",
            )
        ),
        "answers": list(
            Answer.objects.filter(session__user=user)
            .order_by("answered_at")
            .values("session_id", "question__key", "chosen", "correct", "answered_at")
        ),
        "activities": list(
            Activity.objects.filter(user=user)
            .order_by("occurred_at")
            .values(
                "kind",
                "ref",
                "occurred_at",
                "local_date",
                "timezone",
                "day_start_hour",
                "xp",
                "minutes",
            )
        ),
        "sql_drafts": list(
            Draft.objects.filter(user=user)
            .order_by("exercise_id")
            .values("exercise_id", "dialect", "sql", "updated_at")
        ),
        "sql_progress": list(
            ExerciseProgress.objects.filter(user=user)
            .order_by("exercise_id")
            .values(
                "exercise_id",
                "attempts",
                "hints_shown",
                "solved_at",
                "gave_up_at",
                "round_started_at",
            )
        ),
        "sql_submissions": list(
            Submission.objects.filter(user=user)
            .order_by("submitted_at")
            .values("exercise_id", "dialect", "sql", "correct", "result", "submitted_at")
        ),
        "interview_drafts": list(
            AnswerDraft.objects.filter(user=user).values(
                "question_id", "concept_id", "text", "updated_at"
            )
        ),
        "interview_attempts": list(
            Attempt.objects.filter(user=user)
            .order_by("submitted_at")
            .values(
                "question_id",
                "concept_id",
                "text",
                "timer_seconds",
                "coach",
                "judge",
                "self_grades",
                "rating",
                "submitted_at",
                "graded_at",
            )
        ),
    }

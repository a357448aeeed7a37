"""Every write of the SQL Lab: drafts, graded attempts, hints, giving up, review rounds."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from techfluency.accounts.models import User
from techfluency.practice import scheduling
from techfluency.practice.actions import card_review
from techfluency.practice.models import CardKind
from techfluency.progress.actions import activity_record
from techfluency.sqllab.grading import GradeResult
from techfluency.sqllab.models import Draft, Exercise, ExerciseProgress, Submission

SOLVE_XP = 15
SOLVE_XP_WITH_HELP = 10


def draft_save(*, user: User, exercise: Exercise | None, dialect: str, sql: str) -> Draft:
    draft, _ = Draft.objects.update_or_create(
        user=user, exercise=exercise, defaults={"dialect": dialect, "sql": sql}
    )
    return draft


def _progress(user: User, exercise: Exercise) -> ExerciseProgress:
    progress, _ = ExerciseProgress.objects.select_for_update().get_or_create(
        user=user, exercise=exercise
    )
    return progress


@dataclass(frozen=True)
class Attempt:
    submission: Submission
    grade: GradeResult
    newly_solved: bool


def attempt_record(
    *, user: User, exercise: Exercise, dialect: str, sql: str, grade: GradeResult, now: datetime
) -> Attempt:
    """Keep a graded attempt; the first correct one of a round schedules the card and counts the day."""
    with transaction.atomic():
        draft_save(user=user, exercise=exercise, dialect=dialect, sql=sql)
        submission = Submission.objects.create(
            user=user,
            exercise=exercise,
            dialect=dialect,
            sql=sql,
            correct=grade.correct,
            result=grade.as_json(),
            submitted_at=now,
        )
        progress = _progress(user, exercise)
        newly_solved = grade.correct and not progress.finished
        if not grade.correct:
            progress.attempts += 1
        if newly_solved:
            progress.solved_at = now
            rating = scheduling.rating_for_exercise(
                wrong_attempts=progress.attempts, hints=progress.hints_shown
            )
            card_review(user=user, kind=CardKind.SQL, subject=exercise.pk, rating=rating, at=now)
            xp = SOLVE_XP if rating == scheduling.Rating.GOOD else SOLVE_XP_WITH_HELP
            activity_record(
                user=user,
                kind="sql-solve",
                # One solve per exercise per round counts, however often it is resubmitted.
                ref=f"{user.pk}:{exercise.pk}:{(progress.round_started_at or progress.solved_at).isoformat()}",
                at=now,
                xp=xp,
                minutes=exercise.minutes,
            )
        progress.save()
    return Attempt(submission=submission, grade=grade, newly_solved=newly_solved)


def hint_reveal(*, user: User, exercise: Exercise) -> ExerciseProgress:
    with transaction.atomic():
        progress = _progress(user, exercise)
        if progress.hints_shown < len(exercise.hints):
            progress.hints_shown += 1
            progress.save(update_fields=["hints_shown"])
        return progress


def exercise_give_up(*, user: User, exercise: Exercise, now: datetime) -> ExerciseProgress:
    """Show the solution; the exercise comes back soon (rated Again), and the day does not count."""
    with transaction.atomic():
        progress = _progress(user, exercise)
        if not progress.finished:
            progress.gave_up_at = now
            progress.save(update_fields=["gave_up_at"])
            card_review(
                user=user,
                kind=CardKind.SQL,
                subject=exercise.pk,
                rating=scheduling.rating_for_exercise(
                    wrong_attempts=progress.attempts, hints=progress.hints_shown, gave_up=True
                ),
                at=now,
            )
        return progress


def exercise_review_start(*, user: User, exercise: Exercise, now: datetime) -> ExerciseProgress:
    """A due exercise comes back: a fresh round of attempts and hints (history stays in Submissions)."""
    with transaction.atomic():
        progress = _progress(user, exercise)
        if progress.finished:
            progress.attempts = 0
            progress.hints_shown = 0
            progress.solved_at = None
            progress.gave_up_at = None
            progress.round_started_at = now
            progress.save()
        return progress

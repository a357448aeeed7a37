"""The only ways to fetch a learner's SQL Lab rows: each takes the learner."""

from django.http import Http404

from techfluency.accounts.models import User
from techfluency.sqllab.dialects import DEFAULT_DIALECT
from techfluency.sqllab.models import Draft, Exercise, ExerciseProgress, Submission


def get_live_exercise(exercise_id: str) -> Exercise:
    try:
        return Exercise.objects.live().get(pk=exercise_id)
    except Exercise.DoesNotExist:
        raise Http404("No such exercise") from None


def get_submission_for_user(user: User, submission_id: int) -> Submission:
    try:
        return Submission.objects.select_related("exercise").get(pk=submission_id, user=user)
    except Submission.DoesNotExist:
        raise Http404("No such attempt") from None


def draft_for_user(user: User, exercise: Exercise | None) -> Draft:
    """The learner's saved draft, or an unsaved empty one."""
    draft = Draft.objects.filter(user=user, exercise=exercise).first()
    return draft or Draft(user=user, exercise=exercise, dialect=DEFAULT_DIALECT, sql="")


def progress_for_user(user: User, exercise: Exercise) -> ExerciseProgress:
    return ExerciseProgress.objects.filter(
        user=user, exercise=exercise
    ).first() or ExerciseProgress(user=user, exercise=exercise)


def submissions_for_user(user: User, exercise: Exercise, limit: int = 10) -> list[Submission]:
    return list(Submission.objects.filter(user=user, exercise=exercise)[:limit])

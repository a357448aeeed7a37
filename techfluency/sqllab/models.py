from django.conf import settings
from django.db import models

from techfluency.sqllab.compare import Contract, SortKey
from techfluency.sqllab.dialects import DEFAULT_DIALECT, DIALECTS

DIALECT_CHOICES = list(DIALECTS.items())


class ExerciseQuerySet(models.QuerySet["Exercise"]):
    def live(self) -> "ExerciseQuerySet":
        return self.filter(retired_at__isnull=True)


class Exercise(models.Model):
    """One SQL exercise, loaded from content/sqllab/<id>.yaml."""

    id = models.CharField(primary_key=True, max_length=8)  # s11
    level = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    question = models.TextField()
    tables = models.JSONField(default=list)
    concepts = models.JSONField(default=list)
    columns = models.JSONField(default=list)
    # [[column index, descending], ...]
    order_by = models.JSONField(default=list)
    decimals = models.PositiveSmallIntegerField(default=6)
    reference = models.TextField()
    hints = models.JSONField(default=list)
    debrief = models.TextField()
    quirks = models.JSONField(default=list)
    mistakes = models.JSONField(default=list)
    content_hash = models.CharField(max_length=64)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.id} {self.title}"

    @property
    def contract(self) -> Contract:
        return Contract(
            columns=len(self.columns),
            decimals=self.decimals,
            sort_keys=tuple(
                SortKey(column=column, descending=descending)
                for column, descending in self.order_by
            ),
        )

    @property
    def minutes(self) -> int:
        return 3 if self.level <= 2 else 5


class Draft(models.Model):
    """What the learner has typed, saved as they type, so a reload or a crash loses nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sql_drafts"
    )
    # Blank for the free-play editor.
    exercise = models.ForeignKey(
        Exercise, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    dialect = models.CharField(max_length=16, choices=DIALECT_CHOICES, default=DEFAULT_DIALECT)
    sql = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "exercise"], name="draft_one_per_exercise"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(exercise__isnull=True),
                name="draft_one_free_play",
            ),
        ]

    def __str__(self) -> str:
        return f"draft of {self.exercise_id or 'free play'} for user {self.user_id}"


class ExerciseProgress(models.Model):
    """A learner's state on one exercise: attempts, hints revealed, solved or given up."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sql_progress"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    attempts = models.PositiveIntegerField(default=0)
    hints_shown = models.PositiveSmallIntegerField(default=0)
    solved_at = models.DateTimeField(null=True)
    gave_up_at = models.DateTimeField(null=True)
    # Attempts and hints since the exercise last came due (an FSRS review starts a new round).
    round_started_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "exercise"], name="sqlprogress_one_per_exercise"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exercise_id} for user {self.user_id}"

    @property
    def finished(self) -> bool:
        return self.solved_at is not None or self.gave_up_at is not None


class Submission(models.Model):
    """One graded attempt, kept so the learner can see their history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sql_submissions"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    dialect = models.CharField(max_length=16, choices=DIALECT_CHOICES)
    sql = models.TextField()
    correct = models.BooleanField()
    result = models.JSONField(default=dict)  # the grade as shown: feedback, diff, mistakes
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(
                fields=["user", "exercise", "submitted_at"], name="submission_user_exercise"
            )
        ]

    def __str__(self) -> str:
        return f"{'correct' if self.correct else 'wrong'} {self.exercise_id} by user {self.user_id}"

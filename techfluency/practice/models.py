from django.conf import settings
from django.db import models

from techfluency.curriculum.models import CheckQuestion, Concept, LessonVersion
from techfluency.practice import scheduling


class CardKind(models.TextChoices):
    CONCEPT = "concept", "Concept"
    SQL = "sql", "SQL exercise"
    INTERVIEW = "interview", "Interview question"
    EXPLAIN = "explain", "Explain it to a stakeholder"


class Card(models.Model):
    """A learner's memory of one item, scheduled by FSRS. One card per item per learner."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cards"
    )
    kind = models.CharField(max_length=16, choices=CardKind.choices)
    # The item's id in its own app: a concept id (API-01), later an exercise or question id.
    subject = models.CharField(max_length=32)
    # FSRS state, as fsrs.Card holds it.
    state = models.PositiveSmallIntegerField()
    step = models.PositiveSmallIntegerField(null=True)
    stability = models.FloatField(null=True)
    difficulty = models.FloatField(null=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "subject"], name="card_one_per_item"),
        ]
        indexes = [models.Index(fields=["user", "due"], name="card_user_due")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.subject} for user {self.user_id}"

    def fsrs_state(self) -> scheduling.CardState:
        return scheduling.CardState(
            state=self.state,
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    def apply(self, state: scheduling.CardState) -> None:
        self.state = state.state
        self.step = state.step
        self.stability = state.stability
        self.difficulty = state.difficulty
        self.due = state.due
        self.last_review = state.last_review


class ReviewLog(models.Model):
    """One FSRS review of a card: the rating the learner's answers turned into."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="logs")
    rating = models.PositiveSmallIntegerField()
    reviewed_at = models.DateTimeField()
    review_duration_ms = models.PositiveIntegerField(null=True)
    due_before = models.DateTimeField(null=True)
    due_after = models.DateTimeField()
    stability_after = models.FloatField()
    session = models.OneToOneField(
        "PracticeSession", null=True, on_delete=models.SET_NULL, related_name="review_log"
    )

    class Meta:
        ordering = ["reviewed_at"]

    def __str__(self) -> str:
        return f"review of card {self.card_id} rated {self.rating}"


class SessionKind(models.TextChoices):
    LESSON = "lesson", "Lesson"
    REVIEW = "review", "Review"
    LIBRARY = "library", "Practice"


class PracticeSession(models.Model):
    """A learner working through the check questions of one concept: a lesson or a review."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_sessions"
    )
    concept = models.ForeignKey(Concept, on_delete=models.PROTECT, related_name="+")
    lesson_version = models.ForeignKey(LessonVersion, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=SessionKind.choices)
    # The questions planned for this session, in order (CheckQuestion ids).
    question_ids = models.JSONField()
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True)
    xp = models.PositiveIntegerField(default=0)
    rating = models.PositiveSmallIntegerField(null=True)

    class Meta:
        constraints = [
            # Two tabs or a double click reuse the open session instead of starting another.
            models.UniqueConstraint(
                fields=["user", "concept", "kind"],
                condition=models.Q(completed_at__isnull=True),
                name="session_one_open_per_concept",
            ),
        ]
        indexes = [models.Index(fields=["user", "completed_at"], name="session_user_completed")]

    def __str__(self) -> str:
        return f"{self.kind} of {self.concept_id} for user {self.user_id}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None

    def questions(self) -> list[CheckQuestion]:
        """The planned questions, in order."""
        by_id = {
            question.pk: question
            for question in CheckQuestion.objects.filter(pk__in=self.question_ids)
        }
        return [by_id[question_id] for question_id in self.question_ids]

    def answers_by_question(self) -> dict[int, "Answer"]:
        return {answer.question_id: answer for answer in self.answers.all()}

    def next_question(self) -> CheckQuestion | None:
        answered = set(self.answers.values_list("question_id", flat=True))
        next_id = next((qid for qid in self.question_ids if qid not in answered), None)
        return None if next_id is None else CheckQuestion.objects.get(pk=next_id)


class Answer(models.Model):
    """The option a learner chose for one question of a session; the first answer stands."""

    session = models.ForeignKey(PracticeSession, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(CheckQuestion, on_delete=models.PROTECT, related_name="+")
    chosen = models.PositiveSmallIntegerField()
    correct = models.BooleanField()
    answered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "question"], name="answer_once_per_question"
            ),
        ]
        ordering = ["answered_at", "id"]

    def __str__(self) -> str:
        return f"answer {self.chosen} to {self.question_id}"

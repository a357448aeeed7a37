from django.conf import settings
from django.db import models

from techfluency.curriculum.models import Area, Concept

STYLE_CHOICES = [
    ("stakeholder", "Explain to a stakeholder"),
    ("plain-language", "Plain language"),
    ("technical", "Technical"),
    ("sql", "SQL"),
]


class QuestionQuerySet(models.QuerySet["InterviewQuestion"]):
    def live(self) -> "QuestionQuerySet":
        return self.filter(retired_at__isnull=True)


class InterviewQuestion(models.Model):
    """One interview question with its rubric, model and weak answers (content/interviews/*.md)."""

    id = models.CharField(primary_key=True, max_length=16)  # Q-API-2
    area = models.CharField(max_length=8, choices=Area.choices)
    number = models.PositiveSmallIntegerField()
    style = models.CharField(max_length=16, choices=STYLE_CHOICES)
    question = models.TextField()
    concepts = models.JSONField(default=list)
    minutes = models.PositiveSmallIntegerField(default=3)
    answer_words = models.JSONField(default=list)
    # [{"id", "text", "must", "concept", "cues"}]
    rubric = models.JSONField(default=list)
    traps = models.JSONField(default=list)
    follow_ups = models.JSONField(default=list)
    model_answer = models.TextField()
    weak_answer = models.TextField()
    weak_answer_traps = models.JSONField(default=list)
    sources = models.JSONField(default=list)
    content_hash = models.CharField(max_length=64)
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["area", "number"]

    def __str__(self) -> str:
        return f"{self.id} {self.question[:60]}"

    @property
    def must_haves(self) -> list[dict[str, object]]:
        return [point for point in self.rubric if point["must"]]

    @property
    def is_stakeholder(self) -> bool:
        return self.style == "stakeholder"


class AnswerDraft(models.Model):
    """The answer being written, autosaved so a reload or a crash loses nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_drafts"
    )
    question = models.ForeignKey(
        InterviewQuestion, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # For the "explain it to a stakeholder" drill, the concept being explained.
    concept = models.ForeignKey(
        Concept, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=models.Q(question__isnull=False),
                name="answerdraft_one_per_question",
            ),
            models.UniqueConstraint(
                fields=["user", "concept"],
                condition=models.Q(concept__isnull=False),
                name="answerdraft_one_per_concept",
            ),
            models.CheckConstraint(
                condition=models.Q(question__isnull=True) ^ models.Q(concept__isnull=True),
                name="answerdraft_question_xor_concept",
            ),
        ]

    def __str__(self) -> str:
        return f"draft for {self.question_id or self.concept_id} by user {self.user_id}"


class Attempt(models.Model):
    """One submitted answer, with the coach's report and the learner's self-grade."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_attempts"
    )
    question = models.ForeignKey(
        InterviewQuestion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    concept = models.ForeignKey(
        Concept, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    timer_seconds = models.PositiveIntegerField(null=True, blank=True)
    coach = models.JSONField(default=dict)
    judge = models.JSONField(default=dict, blank=True)
    # {rubric point id: "covered" | "partly" | "missed"}
    self_grades = models.JSONField(default=dict, blank=True)
    rating = models.PositiveSmallIntegerField(null=True)
    submitted_at = models.DateTimeField()
    graded_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["user", "question", "submitted_at"], name="attempt_user_question")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=True) ^ models.Q(concept__isnull=True),
                name="attempt_question_xor_concept",
            ),
        ]

    def __str__(self) -> str:
        return f"attempt at {self.question_id or self.concept_id} by user {self.user_id}"

    @property
    def must_have_coverage(self) -> str:
        summary = self.coach.get("must_haves", {})
        return f"{summary.get('covered', 0)}/{summary.get('total', 0)}" if summary else ""

from django.db import models

from techfluency.curriculum.lesson_format import AREAS


class Area(models.TextChoices):
    API = "api", AREAS["api"][1]
    DB = "db", AREAS["db"][1]
    SYS = "sys", AREAS["sys"][1]
    DATA = "data", AREAS["data"][1]


class ConceptQuerySet(models.QuerySet["Concept"]):
    def live(self) -> "ConceptQuerySet":
        return self.filter(retired_at__isnull=True, current_version__isnull=False)


class Concept(models.Model):
    """One concept of the curriculum, taught by one lesson (with versions)."""

    id = models.CharField(primary_key=True, max_length=16)  # API-01
    slug = models.SlugField(max_length=80, unique=True)
    area = models.CharField(max_length=8, choices=Area.choices)
    title = models.CharField(max_length=200)
    objective = models.CharField(max_length=300)
    position = models.PositiveIntegerField(help_text="Teaching order across the curriculum")
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, related_name="unlocks", blank=True
    )
    current_version = models.ForeignKey(
        "LessonVersion", null=True, on_delete=models.PROTECT, related_name="+"
    )
    # A concept removed from content/ is retired, never deleted: learners' history points at it.
    retired_at = models.DateTimeField(null=True, blank=True)

    objects = ConceptQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.id} {self.title}"

    @property
    def area_name(self) -> str:
        return Area(self.area).label


class LessonVersion(models.Model):
    """The text of a lesson as loaded from one version of its file. Never edited or deleted."""

    concept = models.ForeignKey(Concept, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    source_path = models.CharField(max_length=300)
    title = models.CharField(max_length=200)
    minutes = models.PositiveSmallIntegerField(default=2)
    body_markdown = models.TextField()
    body_html = models.TextField()
    facts = models.JSONField(default=list)
    misconceptions = models.JSONField(default=list)
    sources = models.JSONField(default=list)
    terms = models.JSONField(default=list)
    last_verified = models.CharField(max_length=10, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["concept", "number"], name="lessonversion_unique_number"
            ),
        ]
        ordering = ["concept", "number"]

    def __str__(self) -> str:
        return f"{self.concept_id} v{self.number}"


class CheckQuestion(models.Model):
    """A single-best-answer question of one lesson version."""

    lesson_version = models.ForeignKey(
        LessonVersion, on_delete=models.PROTECT, related_name="questions"
    )
    # Stable across versions of a lesson, so reviews can avoid the question seen last time.
    key = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10)
    stem = models.TextField()
    # [{"text", "feedback", "correct", "misconception"}], in display order.
    options = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lesson_version", "key"], name="checkquestion_unique_key"
            ),
        ]
        ordering = ["lesson_version", "position"]

    def __str__(self) -> str:
        return f"{self.lesson_version} {self.key}"

    @property
    def correct_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option["correct"])


class ContentRevision(models.Model):
    """One row whose number goes up whenever `load_content` changes anything.

    Processes cache the curriculum catalogue against it, so a page asks the database one
    tiny question instead of rebuilding 58 concepts and their prerequisites.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"content revision {self.number}"


class GlossaryTerm(models.Model):
    """A key term in one plain-English sentence, linked to the lesson that teaches it."""

    slug = models.SlugField(primary_key=True, max_length=80)
    term = models.CharField(max_length=100)
    aliases = models.JSONField(default=list)
    definition = models.TextField()
    concept = models.ForeignKey(
        Concept, null=True, on_delete=models.SET_NULL, related_name="glossary_terms"
    )

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term

"""The live curriculum as plain values, cached per process against the content revision."""

import threading
import time
from dataclasses import dataclass, field

from techfluency.curriculum.models import Concept, ContentRevision


@dataclass(frozen=True)
class ConceptInfo:
    id: str
    slug: str
    title: str
    area: str
    position: int
    minutes: int
    prerequisites: tuple[str, ...]  # concept ids


@dataclass(frozen=True)
class ExerciseInfo:
    id: str
    title: str
    level: int
    minutes: int
    concepts: tuple[str, ...]  # lesson slugs


@dataclass(frozen=True)
class QuestionInfo:
    id: str
    question: str
    minutes: int


@dataclass(frozen=True)
class LessonPage:
    """What a lesson page shows: the same for every learner until the content changes."""

    concept_id: str
    slug: str
    title: str
    area_name: str
    objective: str
    minutes: int
    version_number: int
    body_html: str
    sources: tuple[dict[str, str], ...]
    last_verified: str
    prerequisites: tuple[ConceptInfo, ...]


@dataclass(frozen=True)
class Catalogue:
    revision: int
    concepts: tuple[ConceptInfo, ...]  # live concepts in teaching order
    exercises: tuple[ExerciseInfo, ...] = ()  # live SQL exercises in ladder order
    questions: tuple[QuestionInfo, ...] = ()  # live interview questions
    # Lesson pages built on first view; they go when the catalogue is rebuilt for a new revision.
    lesson_pages: dict[str, LessonPage] = field(default_factory=dict, compare=False, repr=False)

    def by_id(self) -> dict[str, ConceptInfo]:
        return {concept.id: concept for concept in self.concepts}

    def exercises_by_id(self) -> dict[str, ExerciseInfo]:
        return {exercise.id: exercise for exercise in self.exercises}

    def questions_by_id(self) -> dict[str, QuestionInfo]:
        return {question.id: question for question in self.questions}


_lock = threading.Lock()
_cached: Catalogue | None = None


def current_revision() -> int:
    return ContentRevision.objects.filter(pk=1).values_list("number", flat=True).first() or 0


# How long a process trusts its catalogue before asking for the revision again. Content only
# changes when `load_content` runs (a deploy); a page a second late to see it is harmless,
# and skipping the query takes a tenth off the Today page (measured in bench/web.py).
REVISION_CHECK_SECONDS = 2.0
_checked_at = 0.0


def catalogue() -> Catalogue:
    global _cached, _checked_at
    cached = _cached
    now = time.monotonic()
    if cached is not None and now - _checked_at < REVISION_CHECK_SECONDS:
        return cached
    revision = current_revision()
    if cached is not None and cached.revision == revision:
        _checked_at = now
        return cached
    built = _build(revision)
    with _lock:
        _cached = built
        _checked_at = now
    return built


def lesson_page(slug: str) -> LessonPage | None:
    """The live lesson with this slug, read from the database once per content revision.

    The lesson page is the most visited page after Today; serving its body from memory
    saves two queries per view (bench/web.py).
    """
    live = catalogue()
    page = live.lesson_pages.get(slug)
    if page is not None:
        return page
    concept = Concept.objects.live().select_related("current_version").filter(slug=slug).first()
    if concept is None or concept.current_version is None:
        return None
    version = concept.current_version
    by_id = live.by_id()
    info = by_id.get(concept.pk)
    page = LessonPage(
        concept_id=concept.pk,
        slug=concept.slug,
        title=concept.title,
        area_name=concept.area_name,
        objective=concept.objective,
        minutes=version.minutes,
        version_number=version.number,
        body_html=version.body_html,
        sources=tuple(version.sources),
        last_verified=version.last_verified,
        prerequisites=tuple(by_id[pre] for pre in info.prerequisites if pre in by_id)
        if info
        else (),
    )
    # A plain dict store is atomic; two threads building the same page both build it right.
    live.lesson_pages[slug] = page
    return page


def _build(revision: int) -> Catalogue:
    # Imported here: those apps' models import this app's, not the other way round.
    from techfluency.interviews.models import InterviewQuestion
    from techfluency.sqllab.models import Exercise

    concepts = (
        Concept.objects.live().select_related("current_version").prefetch_related("prerequisites")
    )
    return Catalogue(
        revision=revision,
        concepts=tuple(
            ConceptInfo(
                id=concept.pk,
                slug=concept.slug,
                title=concept.title,
                area=concept.area,
                position=concept.position,
                minutes=concept.current_version.minutes if concept.current_version else 2,
                prerequisites=tuple(pre.pk for pre in concept.prerequisites.all()),
            )
            for concept in concepts
        ),
        exercises=tuple(
            ExerciseInfo(
                id=e.pk, title=e.title, level=e.level, minutes=e.minutes, concepts=tuple(e.concepts)
            )
            for e in Exercise.objects.live().order_by("id")
        ),
        questions=tuple(
            QuestionInfo(id=q.pk, question=q.question, minutes=q.minutes)
            for q in InterviewQuestion.objects.live()
        ),
    )


def forget() -> None:
    """Drop this process's cached catalogue (tests that write content rows directly use it)."""
    global _cached
    with _lock:
        _cached = None

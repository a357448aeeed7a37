"""The live curriculum as plain values, cached per process against the content revision."""

import threading
import time
from dataclasses import dataclass

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
class Catalogue:
    revision: int
    concepts: tuple[ConceptInfo, ...]  # live concepts in teaching order
    exercises: tuple[ExerciseInfo, ...] = ()  # live SQL exercises in ladder order
    questions: tuple[QuestionInfo, ...] = ()  # live interview questions

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

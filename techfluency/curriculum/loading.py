"""Writes the curriculum files into the database, idempotently.

Unchanged files change nothing; an edited lesson gets a new LessonVersion (old versions stay,
because answers and review logs point at their questions); a lesson whose file is gone is
retired, never deleted.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from techfluency.core import markdown
from techfluency.curriculum import catalogue
from techfluency.curriculum.glossary_format import GlossaryEntry
from techfluency.curriculum.lesson_format import LessonFile
from techfluency.curriculum.models import (
    CheckQuestion,
    Concept,
    ContentRevision,
    GlossaryTerm,
    LessonVersion,
)
from techfluency.interviews.models import InterviewQuestion
from techfluency.interviews.question_format import QuestionFile
from techfluency.sqllab.exercise_format import ExerciseFile
from techfluency.sqllab.models import Exercise


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created)} new, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.retired)} retired"
        )


@transaction.atomic
def content_load(
    *,
    lessons: list[LessonFile],
    now: datetime,
    exercises: list[ExerciseFile] | None = None,
    questions: list[QuestionFile] | None = None,
    glossary: list[GlossaryEntry] | None = None,
) -> LoadReport:
    """Load every kind of content; a kind passed as None is left as it is."""
    report = LoadReport()
    if exercises is not None:
        _exercises_load(exercises=exercises, now=now, report=report)
    if questions is not None:
        _questions_load(questions=questions, now=now, report=report)
    existing = {
        concept.id: concept for concept in Concept.objects.select_related("current_version")
    }
    for lesson in lessons:
        concept = existing.get(lesson.id)
        if concept is None:
            concept = Concept(id=lesson.id)
            report.created.append(lesson.id)
        elif (
            concept.current_version is not None
            and concept.current_version.content_hash == lesson.content_hash
            and concept.retired_at is None
        ):
            report.unchanged.append(lesson.id)
            continue
        else:
            report.updated.append(lesson.id)
        concept.slug = lesson.slug
        concept.area = lesson.area
        concept.title = lesson.title
        concept.objective = lesson.objective
        concept.position = lesson.position
        concept.retired_at = None
        concept.save()
        if (
            concept.current_version is None
            or concept.current_version.content_hash != lesson.content_hash
        ):
            concept.current_version = _version_create(concept=concept, lesson=lesson)
            concept.save(update_fields=["current_version"])
    by_slug = {concept.slug: concept for concept in Concept.objects.all()}
    for lesson in lessons:
        if lesson.id in report.unchanged:
            continue
        concept = by_slug[lesson.slug]
        # Validation refuses unknown slugs before loading; skipping them here keeps a partial load sane.
        concept.prerequisites.set(
            [by_slug[slug] for slug in lesson.prerequisites if slug in by_slug]
        )
    present = {lesson.id for lesson in lessons}
    for concept in existing.values():
        if concept.id not in present and concept.retired_at is None:
            concept.retired_at = now
            concept.save(update_fields=["retired_at"])
            report.retired.append(concept.id)
    if glossary is not None:
        _glossary_load(entries=glossary, report=report)
    if report.created or report.updated or report.retired:
        revision, _ = ContentRevision.objects.select_for_update().get_or_create(pk=1)
        revision.number += 1
        revision.save(update_fields=["number"])
        transaction.on_commit(catalogue.forget)

    return report


def _version_create(*, concept: Concept, lesson: LessonFile) -> LessonVersion:
    last = (
        concept.versions.order_by("-number").first()
        if concept.pk and not concept._state.adding
        else None
    )
    version = LessonVersion.objects.create(
        concept=concept,
        number=(last.number + 1) if last else 1,
        content_hash=lesson.content_hash,
        source_path=lesson.path,
        title=lesson.title,
        minutes=lesson.minutes,
        body_markdown=lesson.body,
        body_html=markdown.render(lesson.body),
        facts=list(lesson.facts),
        misconceptions=[
            {"tag": m.tag, "text": m.text, "primary": m.primary} for m in lesson.misconceptions
        ],
        sources=[{"title": s.title, "url": s.url, "accessed": s.accessed} for s in lesson.sources],
        terms=list(lesson.terms),
        last_verified=lesson.last_verified,
    )
    CheckQuestion.objects.bulk_create(
        CheckQuestion(
            lesson_version=version,
            key=question.key,
            position=index,
            kind=question.kind,
            stem=question.stem,
            options=[
                {
                    "text": option.text,
                    "feedback": option.feedback,
                    "correct": option.correct,
                    "misconception": option.misconception,
                }
                for option in question.options
            ],
        )
        for index, question in enumerate(lesson.questions)
    )
    return version


def _exercises_load(*, exercises: list[ExerciseFile], now: datetime, report: LoadReport) -> None:
    existing = {exercise.pk: exercise for exercise in Exercise.objects.all()}
    for file in exercises:
        row = existing.get(file.id)
        if row is not None and row.content_hash == file.content_hash and row.retired_at is None:
            report.unchanged.append(file.id)
            continue
        (report.updated if row else report.created).append(file.id)
        Exercise.objects.update_or_create(
            id=file.id,
            defaults={
                "level": file.level,
                "title": file.title,
                "question": file.question,
                "tables": list(file.tables),
                "concepts": list(file.concepts),
                "columns": list(file.columns),
                "order_by": [[key.column, key.descending] for key in file.order_by],
                "decimals": file.decimals,
                "reference": file.reference,
                "hints": list(file.hints),
                "debrief": file.debrief,
                "quirks": list(file.quirks),
                "mistakes": list(file.mistakes),
                "content_hash": file.content_hash,
                "retired_at": None,
            },
        )
    present = {file.id for file in exercises}
    for row in existing.values():
        if row.pk not in present and row.retired_at is None:
            row.retired_at = now
            row.save(update_fields=["retired_at"])
            report.retired.append(row.pk)


def _questions_load(*, questions: list[QuestionFile], now: datetime, report: LoadReport) -> None:
    existing = {question.pk: question for question in InterviewQuestion.objects.all()}
    for file in questions:
        row = existing.get(file.id)
        if row is not None and row.content_hash == file.content_hash and row.retired_at is None:
            report.unchanged.append(file.id)
            continue
        (report.updated if row else report.created).append(file.id)
        InterviewQuestion.objects.update_or_create(
            id=file.id,
            defaults={
                "area": file.area,
                "number": file.number,
                "style": file.style,
                "question": file.question,
                "concepts": list(file.concepts),
                "minutes": file.minutes,
                "answer_words": list(file.answer_words),
                "rubric": [
                    {
                        "id": p.id,
                        "text": p.text,
                        "must": p.must,
                        "concept": p.concept,
                        "cues": list(p.cues),
                    }
                    for p in file.rubric
                ],
                "traps": [{"id": t.id, "text": t.text} for t in file.traps],
                "follow_ups": list(file.follow_ups),
                "model_answer": file.model_answer,
                "weak_answer": file.weak_answer,
                "weak_answer_traps": list(file.weak_answer_traps),
                "sources": [
                    {"title": s.title, "url": s.url, "accessed": s.accessed} for s in file.sources
                ],
                "content_hash": file.content_hash,
                "retired_at": None,
            },
        )
    present = {file.id for file in questions}
    for row in existing.values():
        if row.pk not in present and row.retired_at is None:
            row.retired_at = now
            row.save(update_fields=["retired_at"])
            report.retired.append(row.pk)


def _glossary_load(*, entries: list[GlossaryEntry], report: LoadReport) -> None:
    """The glossary holds no learner history, so it is simply made to match the file."""
    concepts = {concept.slug: concept for concept in Concept.objects.all()}
    current = {term.slug: term for term in GlossaryTerm.objects.all()}
    for entry in entries:
        values = {
            "term": entry.term,
            "aliases": list(entry.aliases),
            "definition": entry.definition,
            "concept": concepts.get(entry.concept),
        }
        row = current.pop(entry.slug, None)
        if row is None:
            GlossaryTerm.objects.create(slug=entry.slug, **values)
            report.created.append(f"glossary:{entry.slug}")
        elif any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.save()
            report.updated.append(f"glossary:{entry.slug}")
    for row in current.values():
        row.delete()
        report.retired.append(f"glossary:{row.slug}")

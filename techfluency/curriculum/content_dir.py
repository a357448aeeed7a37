"""Reads every content file under CONTENT_DIR and runs every check that needs no database."""

from dataclasses import dataclass, field
from pathlib import Path

from techfluency.curriculum import glossary_format, lesson_format
from techfluency.curriculum.glossary_format import GlossaryEntry
from techfluency.curriculum.lesson_format import LessonFile, Problem
from techfluency.interviews import question_format
from techfluency.interviews.question_format import QuestionFile
from techfluency.sqllab import exercise_format
from techfluency.sqllab.exercise_format import ExerciseFile


@dataclass
class Content:
    lessons: list[LessonFile] = field(default_factory=list)
    interview_questions: list[QuestionFile] = field(default_factory=list)
    exercises: list[ExerciseFile] = field(default_factory=list)
    glossary: list[GlossaryEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def lesson_paths(content_dir: Path) -> list[Path]:
    return sorted((content_dir / "lessons").glob("*/*.md"))


def interview_paths(content_dir: Path) -> list[Path]:
    return sorted((content_dir / "interviews").glob("Q-*.md"))


def _read_text(path: Path, shown: str, content: Content) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        content.problems.append(Problem(shown, 1, "the file is not valid UTF-8"))
        return None


def read_content(content_dir: Path) -> Content:
    content = Content()
    for path in lesson_paths(content_dir):
        shown = _display(path, content_dir)
        text = _read_text(path, shown, content)
        if text is None:
            continue
        lesson, problems = lesson_format.parse_lesson(shown, text)
        content.problems.extend(problems)
        if lesson is None:
            continue
        expected_dir = lesson.area
        if path.parent.name != expected_dir or not path.name.startswith(
            f"{lesson.id}-{lesson.slug}"
        ):
            content.problems.append(
                Problem(
                    shown,
                    lesson.lines.get("id", 1),
                    f"the file should be lessons/{expected_dir}/{lesson.id}-{lesson.slug}.md",
                )
            )
        content.problems.extend(lesson_format.check_quality(lesson))
        content.lessons.append(lesson)
    content.problems.extend(lesson_format.check_collection(content.lessons))
    content.lessons.sort(key=lambda lesson: lesson.position)
    for path in interview_paths(content_dir):
        shown = _display(path, content_dir)
        text = _read_text(path, shown, content)
        if text is None:
            continue
        question, problems = question_format.parse_question(shown, text)
        content.problems.extend(problems)
        if question is None:
            continue
        if path.stem != question.id:
            content.problems.append(
                Problem(
                    shown,
                    question.lines.get("id", 1),
                    f"the file should be interviews/{question.id}.md",
                )
            )
        content.problems.extend(question_format.check_quality(question))
        content.interview_questions.append(question)
    lesson_slugs = {lesson.slug for lesson in content.lessons}
    content.problems.extend(question_format.check_links(content.interview_questions, lesson_slugs))
    for path in sorted((content_dir / "sqllab").glob("s*.yaml")):
        shown = _display(path, content_dir)
        text = _read_text(path, shown, content)
        if text is None:
            continue
        exercise, problems = exercise_format.parse_exercise(shown, text)
        content.problems.extend(problems)
        if exercise is None:
            continue
        if path.stem != exercise.id:
            content.problems.append(
                Problem(shown, 1, f"the file should be sqllab/{exercise.id}.yaml")
            )
        for slug in exercise.concepts:
            if slug not in lesson_slugs:
                content.problems.append(Problem(shown, 1, f"concept '{slug}' is not a lesson"))
        content.exercises.append(exercise)
    glossary_path = content_dir / "glossary.yaml"
    if glossary_path.exists():
        shown = _display(glossary_path, content_dir)
        text = _read_text(glossary_path, shown, content)
        if text is not None:
            entries, problems, _ = glossary_format.parse_glossary(shown, text)
            content.problems.extend(problems)
            content.problems.extend(glossary_format.check_links(shown, entries, lesson_slugs))
            content.glossary = entries
    return content


def _display(path: Path, content_dir: Path) -> str:
    try:
        return str(path.relative_to(content_dir.parent))
    except ValueError:
        return str(path)

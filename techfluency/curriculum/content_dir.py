"""Reads every content file under CONTENT_DIR and runs every check that needs no database."""

from dataclasses import dataclass, field
from pathlib import Path

from techfluency.curriculum import lesson_format
from techfluency.curriculum.lesson_format import LessonFile, Problem


@dataclass
class Content:
    lessons: list[LessonFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def lesson_paths(content_dir: Path) -> list[Path]:
    return sorted((content_dir / "lessons").glob("*/*.md"))


def read_content(content_dir: Path) -> Content:
    content = Content()
    for path in lesson_paths(content_dir):
        shown = _display(path, content_dir)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            content.problems.append(Problem(shown, 1, "the file is not valid UTF-8"))
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
    return content


def _display(path: Path, content_dir: Path) -> str:
    try:
        return str(path.relative_to(content_dir.parent))
    except ValueError:
        return str(path)

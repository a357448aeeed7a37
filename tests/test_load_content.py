"""`load_content` loads idempotently, versions edits, retires removed lessons and keeps history."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from techfluency.curriculum import catalogue
from techfluency.curriculum.loading import content_load
from techfluency.curriculum.models import CheckQuestion, Concept, LessonVersion
from techfluency.practice.models import Answer
from tests.conftest import load_real_content, real_content
from tests.flows import answer_all, start_lesson

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def content_copy(tmp_path, settings):
    """A private copy of content/ the test may edit."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    settings.CONTENT_DIR = copy
    return copy


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_content", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def first_lesson_file(content_dir: Path) -> Path:
    return sorted((content_dir / "lessons" / "api").glob("API-01-*.md"))[0]


def test_second_load_changes_nothing(db, content_copy):
    load()
    versions = LessonVersion.objects.count()
    questions = CheckQuestion.objects.count()
    assert "0 new, 0 updated" in load()
    assert (LessonVersion.objects.count(), CheckQuestion.objects.count()) == (versions, questions)


def test_edited_lesson_gets_a_new_version_and_keeps_the_old(db, content_copy):
    load()
    path = first_lesson_file(content_copy)
    path.write_text(path.read_text().replace("## Hook\n\n", "## Hook\n\nRevised. "))
    assert "1 updated" in load()
    concept = Concept.objects.get(id="API-01")
    assert [v.number for v in concept.versions.all()] == [1, 2]
    assert concept.current_version.number == 2  # type: ignore[union-attr]
    assert "Revised." in concept.current_version.body_markdown  # type: ignore[union-attr]


def test_lesson_page_shows_the_new_version_after_a_load_and_404s_once_retired(
    db, content_copy, learner, client_for, monkeypatch
):
    # Pages are cached per process per content revision; ask for the revision on every view.
    monkeypatch.setattr(catalogue, "REVISION_CHECK_SECONDS", 0.0)
    load()
    lessons = real_content().lessons
    depended_on = {slug for lesson in lessons for slug in lesson.prerequisites}
    leaf = next(lesson for lesson in reversed(lessons) if lesson.slug not in depended_on)
    path = next(content_copy.glob(f"lessons/*/{leaf.id}-*.md"))
    client = client_for(learner)
    url = reverse("practice-lesson", args=[leaf.slug])
    assert "Revised" not in client.get(url).content.decode()

    # One word more in the hook's first sentence: a new version with every rule still kept.
    path.write_text(path.read_text().replace("## Hook\n\n", "## Hook\n\nRevised: ", 1))
    load()
    assert "Revised:" in client.get(url).content.decode()

    content_load(lessons=[lesson for lesson in lessons if lesson.id != leaf.id], now=timezone.now())
    assert client.get(url).status_code == 404


def test_removed_lesson_is_retired_and_history_survives(db, learner, client_for):
    load_real_content()
    lessons = real_content().lessons
    depended_on = {slug for lesson in lessons for slug in lesson.prerequisites}
    leaf = next(lesson for lesson in reversed(lessons) if lesson.slug not in depended_on)
    concept = Concept.objects.get(id=leaf.id)
    client = client_for(learner)
    answer_all(client, start_lesson(client, concept))
    answers = Answer.objects.count()

    report = content_load(
        lessons=[lesson for lesson in lessons if lesson.id != leaf.id], now=timezone.now()
    )
    assert report.retired == [leaf.id]
    concept.refresh_from_db()
    assert concept.retired_at is not None
    assert not Concept.objects.live().filter(id=leaf.id).exists()
    assert (
        Answer.objects.count() == answers and LessonVersion.objects.filter(concept=concept).exists()
    )

    # Putting the file back brings it back to life with the same id and history.
    content_load(lessons=list(lessons), now=timezone.now())
    concept.refresh_from_db()
    assert concept.retired_at is None


def test_check_reports_every_problem_as_path_line_message_and_exits_1(db, content_copy):
    path = first_lesson_file(content_copy)
    text = path.read_text()
    text = text.replace("area: api", "area: apis", 1).replace("        correct: true\n", "", 1)
    path.write_text(text)
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("load_content", "--check", stdout=StringIO(), stderr=err)
    assert raised.value.returncode == 1
    lines = err.getvalue().splitlines()
    relative = f"content/lessons/api/{path.name}"
    assert f"{relative}:4: area 'apis' must be one of api, db, sys, data" in lines
    assert any(
        line.startswith(f"{relative}:") and "exactly one option must be marked" in line
        for line in lines
    )
    assert not Concept.objects.exists()


def test_check_on_the_real_content_is_clean(db):
    assert "no problems" in load("--check")
    assert not Concept.objects.exists()  # --check writes nothing

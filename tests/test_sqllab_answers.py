"""Other people's right and wrong answers to every exercise, graded on the full dataset.

tests/data/sqllab_answers.yaml holds, per exercise, correct answers written in other styles and
dialects (other aliases, orders, CTEs, MySQL, BigQuery…) and realistic wrong ones with the named
mistakes the grader must report. The full dataset is built once into var/sqllab (as `make run`
does) and reused.
"""

from pathlib import Path

import pytest
import yaml
from django.conf import settings as django_settings

from techfluency.sqllab import service
from techfluency.sqllab.grading import Grader
from tests.conftest import real_content

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = yaml.safe_load((ROOT / "tests" / "data" / "sqllab_answers.yaml").read_text())
EXERCISES = {exercise.id: exercise for exercise in real_content().exercises}
pytestmark = pytest.mark.xdist_group("sqllab-full")


@pytest.fixture(scope="module")
def grader():
    saved = django_settings.SQLLAB_DATA_DIR, django_settings.SQLLAB_DATASET_SIZE
    django_settings.SQLLAB_DATA_DIR = ROOT / "var" / "sqllab"
    django_settings.SQLLAB_DATASET_SIZE = "full"
    service.reset()
    try:
        yield service.grader()
    finally:
        service.reset()
        django_settings.SQLLAB_DATA_DIR, django_settings.SQLLAB_DATASET_SIZE = saved


def test_every_exercise_has_other_answers_to_grade():
    assert set(ANSWERS) == set(EXERCISES)
    for exercise_id, entries in ANSWERS.items():
        assert len(entries["correct"]) >= 2 and len(entries["wrong"]) >= 2, exercise_id


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_right_answers_pass_and_wrong_ones_are_explained(grader: Grader, exercise_id):
    exercise = EXERCISES[exercise_id]
    assert grader.grade(exercise, exercise.reference, "postgres").correct, "the reference must pass"
    problems = []
    for entry in ANSWERS[exercise_id]["correct"]:
        verdict = grader.grade(exercise, entry["sql"], entry["dialect"])
        if not verdict.correct:
            problems.append(
                f"correct answer ({entry['dialect']}) graded wrong: {verdict.error or verdict.feedback}"
            )
    for entry in ANSWERS[exercise_id]["wrong"]:
        verdict = grader.grade(exercise, entry["sql"], entry["dialect"])
        found = {mistake.code for mistake in verdict.mistakes}
        if verdict.correct:
            problems.append(f"wrong answer ({entry['dialect']}) graded correct:\n{entry['sql']}")
        elif not set(entry.get("mistakes") or []) <= found:
            problems.append(
                f"wrong answer missed mistakes {set(entry['mistakes']) - found}, found {found}"
            )
        elif not verdict.error and not verdict.feedback:
            problems.append("a wrong answer got no feedback at all")
    assert problems == []

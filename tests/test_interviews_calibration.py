"""The coach on the real questions: model answers hit their must-haves, weak answers miss them,
and the labelled calibration set is well formed (its precision and recall print in `make bench`)."""

from pathlib import Path

import pytest
from django.conf import settings

from techfluency.interviews.calibration import coach_points, load_calibration, score
from techfluency.interviews.coach import coach
from tests.conftest import real_content
from tests.curriculum_spec import INTERVIEW_RUBRICS

QUESTIONS = {question.id: question for question in real_content().interview_questions}
JARGON = [name for entry in real_content().glossary for name in entry.names()]


def report_for(question_id: str, text: str):
    question = QUESTIONS[question_id]
    return coach(
        answer=text,
        rubric=coach_points(question),
        stakeholder=question.style == "stakeholder",
        jargon_terms=JARGON,
        length_range=question.answer_words,
    )


@pytest.mark.parametrize("question_id", sorted(INTERVIEW_RUBRICS))
def test_every_model_answer_scores_at_least_90_percent_of_its_must_haves(question_id):
    report = report_for(question_id, QUESTIONS[question_id].model_answer)
    missing = [p.id for p in report.points if p.must and not p.covered]
    assert report.must_covered >= 0.9 * report.must_total, f"coach did not find: {missing}"


@pytest.mark.parametrize("question_id", sorted(INTERVIEW_RUBRICS))
def test_every_weak_answer_misses_at_least_two_must_haves(question_id):
    report = report_for(question_id, QUESTIONS[question_id].weak_answer)
    assert report.must_total - report.must_covered >= 2


def test_every_rubric_point_has_cues():
    for question in QUESTIONS.values():
        assert all(point.cues for point in question.rubric), question.id


def test_calibration_set_is_complete_and_well_formed():
    answers, problems = load_calibration(
        Path(settings.CONTENT_DIR) / "interviews" / "calibration", QUESTIONS
    )
    assert problems == []
    by_question: dict[str, list[str]] = {}
    for answer in answers:
        by_question.setdefault(answer.question_id, []).append(answer.id)
    for question_id in INTERVIEW_RUBRICS:
        ids = by_question.get(question_id, [])
        assert "model" in ids and "weak" in ids and len(ids) >= 5, (question_id, ids)
    # The scores themselves are reported by `make bench` (bench/coach.py); here, that they compute.
    result = score(answers, QUESTIONS, JARGON)
    assert 0 <= result.precision <= 1 and 0 <= result.recall <= 1

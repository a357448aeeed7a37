"""The coach's labelled calibration set (content/interviews/calibration/<ID>.yaml) and its scoring.

Each file holds answers to one question, marked point by point by a person: covered, partly
or missed. Precision and recall of point detection count "covered" as a positive; "partly"
marks are left out of both, because a half-made point is neither a miss nor a hit the coach
should be blamed or praised for.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from techfluency.interviews.coach import RubricPoint as CoachPoint
from techfluency.interviews.coach import coach
from techfluency.interviews.question_format import QuestionFile

MARKS = ("covered", "partly", "missed")
LEVELS = ("strong", "adequate", "weak", "poor")


@dataclass(frozen=True)
class LabelledAnswer:
    question_id: str
    id: str
    level: str
    text: str
    marks: dict[str, str]


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    misses: list[str] = field(default_factory=list)  # "Q-API-1/weak/point: expected covered"

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        relevant = self.true_positive + self.false_negative
        return self.true_positive / relevant if relevant else 1.0


def load_calibration(
    directory: Path, questions: dict[str, QuestionFile]
) -> tuple[list[LabelledAnswer], list[str]]:
    """All labelled answers, and the problems found while reading them."""
    answers, problems = [], []
    for path in sorted(directory.glob("Q-*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        question = questions.get(str(data.get("question")))
        if question is None:
            problems.append(f"{path.name}: question '{data.get('question')}' does not exist")
            continue
        point_ids = {point.id for point in question.rubric}
        for entry in data.get("answers") or []:
            answer_id = str(entry.get("id"))
            text = entry.get("text")
            if answer_id == "model" and not text:
                text = question.model_answer
            elif answer_id == "weak" and not text:
                text = question.weak_answer
            marks = {str(k): str(v) for k, v in (entry.get("marks") or {}).items()}
            where = f"{path.name} answer '{answer_id}'"
            if not text:
                problems.append(f"{where}: no text")
            if set(marks) != point_ids:
                problems.append(
                    f"{where}: marks must cover exactly the rubric points {sorted(point_ids)}"
                )
            if any(mark not in MARKS for mark in marks.values()):
                problems.append(f"{where}: every mark must be one of {', '.join(MARKS)}")
            if entry.get("level") not in LEVELS:
                problems.append(f"{where}: level must be one of {', '.join(LEVELS)}")
            answers.append(
                LabelledAnswer(
                    question.id, answer_id, str(entry.get("level")), str(text or ""), marks
                )
            )
    return answers, problems


def coach_points(question: QuestionFile) -> list[CoachPoint]:
    return [CoachPoint(p.id, p.text, p.must, p.concept, p.cues) for p in question.rubric]


def score(
    answers: list[LabelledAnswer], questions: dict[str, QuestionFile], jargon: list[str]
) -> Score:
    total = Score()
    for answer in answers:
        question = questions[answer.question_id]
        report = coach(
            answer=answer.text,
            rubric=coach_points(question),
            stakeholder=question.style == "stakeholder",
            jargon_terms=jargon,
            length_range=question.answer_words,
        )
        for verdict in report.points:
            mark = answer.marks.get(verdict.id)
            if mark == "partly" or mark is None:
                continue
            if verdict.covered and mark == "covered":
                total.true_positive += 1
            elif verdict.covered:
                total.false_positive += 1
                total.misses.append(
                    f"{answer.question_id}/{answer.id}/{verdict.id}: coach found it, marked {mark}"
                )
            elif mark == "covered":
                total.false_negative += 1
                total.misses.append(
                    f"{answer.question_id}/{answer.id}/{verdict.id}: marked covered, coach missed it"
                )
    return total

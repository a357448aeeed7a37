"""Runs the coach on an answer to a question or a stakeholder drill, with the glossary as jargon."""

from techfluency.curriculum.models import Concept, GlossaryTerm
from techfluency.interviews.coach import CoachReport, RubricPoint, coach
from techfluency.interviews.models import InterviewQuestion

# The drill is one paragraph a stakeholder would sit through: the length curriculum §2 asks
# of Q-SYS-4, about 60–120 words.
DRILL_WORDS = (60, 120)
DRILL_RUBRIC = (
    RubricPoint("no-jargon", "No unexplained jargon", True, "", ("@no-jargon",)),
    RubricPoint("analogy", "One analogy that fits the mechanism", True, "", ("@analogy",)),
    RubricPoint("business-impact", "A business consequence", True, "", ("@business-impact",)),
    RubricPoint("one-paragraph", "One paragraph", True, "", ("@one-paragraph",)),
    RubricPoint("length", "About 60–120 words (30–50 seconds spoken)", True, "", ("@length",)),
)


def jargon_terms() -> list[str]:
    terms: list[str] = []
    for term, aliases in GlossaryTerm.objects.values_list("term", "aliases"):
        terms += [term, *aliases]
    return terms


def rubric_points(question: InterviewQuestion) -> list[RubricPoint]:
    return [
        RubricPoint(
            p["id"], p["text"], bool(p["must"]), p.get("concept", ""), tuple(p.get("cues", ()))
        )
        for p in question.rubric
    ]


def coach_question(question: InterviewQuestion, answer: str) -> CoachReport:
    low, high = question.answer_words or (150, 220)
    return coach(
        answer=answer,
        rubric=rubric_points(question),
        stakeholder=question.is_stakeholder,
        jargon_terms=jargon_terms(),
        length_range=(int(low), int(high)),
    )


def coach_drill(concept: Concept, answer: str) -> CoachReport:
    # The concept's own name is the one piece of jargon the learner must explain, not avoid.
    return coach(
        answer=answer,
        rubric=DRILL_RUBRIC,
        stakeholder=True,
        jargon_terms=[*jargon_terms(), concept.title],
        length_range=DRILL_WORDS,
    )

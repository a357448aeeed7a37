"""Content is product: every lesson file is held to curriculum.md §1 and the §4 quality bar."""

from collections import Counter, defaultdict

import pytest
from django.conf import settings

from techfluency.core import readability
from techfluency.curriculum import glossary_format, lesson_format, sql_examples
from techfluency.curriculum.content_dir import read_content
from tests.conftest import parsed_lessons, real_content
from tests.curriculum_spec import CONCEPTS, INTERVIEW_RUBRICS

LESSONS = {lesson.id: lesson for lesson in parsed_lessons()}
REQUIRED_AREAS = {"API", "DB", "SYS", "DATA"}

# Correct answers must not pile up on one letter (curriculum §4.4.7): at most 35% per area.
MAX_SHARE_PER_POSITION = 0.35
# ... and the correct option must not habitually be the longest (§4.4.4).
MAX_SHARE_CORRECT_LONGEST = 0.40


def test_content_check_finds_no_problems():
    content = read_content(settings.CONTENT_DIR)
    assert [str(problem) for problem in content.problems] == []


@pytest.mark.parametrize(
    "concept_id", [cid for cid in CONCEPTS if cid.split("-")[0] in REQUIRED_AREAS]
)
def test_every_required_concept_has_a_lesson(concept_id):
    assert concept_id in LESSONS, f"no lesson file for {concept_id} {CONCEPTS[concept_id][0]}"


@pytest.mark.parametrize("lesson", LESSONS.values(), ids=list(LESSONS))
def test_lesson_matches_its_curriculum_entry(lesson):
    slug, prerequisites, fact_count = CONCEPTS[lesson.id]
    assert lesson.slug == slug
    assert set(lesson.prerequisites) == set(prerequisites)
    assert len(lesson.facts) == fact_count, "one `facts` item per §1 fact, in order"
    assert lesson.primary_misconception is not None


@pytest.mark.parametrize("lesson", LESSONS.values(), ids=list(LESSONS))
def test_lesson_meets_the_measurable_bar(lesson):
    prose = lesson_format.body_prose(lesson)
    measured = readability.measure(prose)
    low, high = lesson_format.BODY_WORDS
    assert low <= measured.words <= high
    assert measured.grade <= lesson_format.MAX_GRADE
    assert measured.longest_sentence <= lesson_format.MAX_SENTENCE_WORDS
    assert list(lesson.sections()) == list(lesson_format.SECTIONS)
    assert len(lesson.questions) >= lesson_format.MIN_QUESTIONS
    assert any(question.kind == "applied" for question in lesson.questions)
    tags = {option.misconception for question in lesson.questions for option in question.options}
    assert lesson.primary_misconception is not None and lesson.primary_misconception.tag in tags
    for question in lesson.questions:
        assert len(question.options) == 4
        assert sum(option.correct for option in question.options) == 1
        assert all(option.feedback for option in question.options)
        assert all(option.misconception for option in question.options if not option.correct)


def test_lessons_link_only_to_earlier_lessons_without_cycles():
    graph = {lesson.slug: list(lesson.prerequisites) for lesson in LESSONS.values()}
    assert lesson_format.find_cycle(graph) is None
    position = {lesson.slug: lesson.position for lesson in LESSONS.values()}
    for lesson in LESSONS.values():
        for slug in lesson.prerequisites:
            assert slug in position and position[slug] < lesson.position, (lesson.id, slug)


def by_area() -> dict[str, list[lesson_format.Question]]:
    questions: dict[str, list[lesson_format.Question]] = defaultdict(list)
    for lesson in LESSONS.values():
        questions[lesson.area].extend(lesson.questions)
    return questions


@pytest.mark.parametrize("area", sorted(by_area()))
def test_correct_answer_position_is_balanced_within_each_area(area):
    questions = by_area()[area]
    positions = Counter(question.correct_index for question in questions)
    shares = {"ABCD"[index]: count / len(questions) for index, count in sorted(positions.items())}
    assert max(shares.values()) <= MAX_SHARE_PER_POSITION, shares


@pytest.mark.parametrize("area", sorted(by_area()))
def test_correct_option_is_not_habitually_the_longest(area):
    questions = by_area()[area]
    longest = sum(
        1
        for question in questions
        if len(question.options[question.correct_index].text)
        == max(len(option.text) for option in question.options)
    )
    assert longest / len(questions) <= MAX_SHARE_CORRECT_LONGEST, f"{longest} of {len(questions)}"


SQL = [(lesson.id, example) for lesson in LESSONS.values() for example in lesson.sql_examples]


@pytest.mark.parametrize(("lesson_id", "example"), SQL, ids=[f"{lid}:{ex.line}" for lid, ex in SQL])
def test_sql_shown_in_a_lesson_runs_on_duckdb_and_shows_its_real_output(lesson_id, example):
    body = " ".join(LESSONS[lesson_id].body.split())
    assert " ".join(example.query.split()) in body, "the body must show the query it stores"
    actual = sql_examples.run_example(example.setup, example.query)
    assert sql_examples.normalise_table(actual) == sql_examples.normalise_table(example.output)
    shown = sql_examples.normalise_table(example.output)
    body_tables = sql_examples.normalise_table(
        "\n".join(
            line for line in LESSONS[lesson_id].body.splitlines() if line.strip().startswith("|")
        )
    )
    assert shown in body_tables, "the body must show the output it stores"


QUESTIONS = {question.id: question for question in real_content().interview_questions}
STYLES = {
    "Q-API-4": "stakeholder",
    "Q-SYS-4": "stakeholder",
    "Q-API-1": "plain-language",
    "Q-SYS-3": "plain-language",
    "Q-DATA-1": "plain-language",
    "Q-DATA-3": "plain-language",
    "Q-DB-1": "sql",
}


@pytest.mark.parametrize("question_id", sorted(INTERVIEW_RUBRICS))
def test_every_seed_question_has_a_file_with_its_whole_rubric(question_id):
    assert question_id in QUESTIONS, f"no content/interviews/{question_id}.md"
    question = QUESTIONS[question_id]
    points, musts = INTERVIEW_RUBRICS[question_id]
    assert len(question.rubric) >= points, "every §2 point, in your words"
    assert len(question.must_haves) >= musts, "every ★ point is a must-have"
    assert question.style == STYLES.get(question_id, "technical")
    assert len(question.weak_answer_traps) == 2 and question.follow_ups and question.traps
    low, high = question.answer_words
    words = readability.measure(readability.prose_from_markdown(question.model_answer)).words
    assert low <= words <= high


def test_every_seed_key_term_has_a_glossary_entry_linked_to_a_lesson():
    glossary = real_content().glossary
    assert glossary_format.missing_seed_terms(glossary) == []
    slugs = {lesson.slug for lesson in LESSONS.values()}
    assert all(entry.concept in slugs for entry in glossary)
    for term in glossary_format.SEED_TERMS:
        entry = next(e for e in glossary if term.lower() in (name.lower() for name in e.names()))
        assert entry.definition and entry.concept in slugs, term

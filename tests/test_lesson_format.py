"""The lesson format's schema checks and the readability measure (pure logic)."""

from pathlib import Path

import pytest

from techfluency.core import readability
from techfluency.curriculum import lesson_format

ROOT = Path(__file__).resolve().parent.parent
GOOD = (ROOT / "content" / "lessons" / "api" / "API-01-client-server.md").read_text()


def problems_of(text: str) -> list[str]:
    lesson, problems = lesson_format.parse_lesson("lesson.md", text)
    if lesson is not None:
        problems += lesson_format.check_quality(lesson)
    return [str(problem) for problem in problems]


def test_the_reference_lesson_parses_cleanly():
    lesson, problems = lesson_format.parse_lesson("lesson.md", GOOD)
    assert problems == [] and lesson is not None
    assert lesson.id == "API-01" and lesson.position == 1
    assert len(lesson.questions) >= 4
    assert list(lesson.sections()) == list(lesson_format.SECTIONS)


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(next(line for line in text.splitlines() if needle in line)) + 1


@pytest.mark.parametrize(
    ("needle", "replacement", "message"),
    [
        ("area: api", "area: apis", "area 'apis' must be one of"),
        ("id: API-01", "id: API-1", "must look like API-01"),
        ("slug: client-server", "slug: Client_Server", "lowercase words joined by hyphens"),
        ("prerequisites: []", "prerequisites: nothing", "'prerequisites' must be a list"),
        ("minutes: 2", "minutes: 20", "'minutes' must be a whole number from 1 to 5"),
        ("last_verified: 2026-11-26", "last_verified: 2026-13-40", "must be a date"),
        ("    primary: true", "    primary: yes please", "'primary' must be true or false"),
        ("    kind: recall", "    kind: trivia", "must be recall or applied"),
    ],
)
def test_schema_problems_name_the_line(needle, replacement, message):
    text = GOOD.replace(needle, replacement, 1)
    found = problems_of(text)
    expected_line = line_of(text, replacement)
    assert any(p.startswith(f"lesson.md:{expected_line}:") and message in p for p in found), found


def test_distractor_without_a_misconception_is_reported():
    text = GOOD.replace("        misconception: mis:roles-are-fixed-machines\n", "", 1)
    assert any("every wrong option needs a 'misconception' tag" in p for p in problems_of(text))


def test_undeclared_misconception_tag_is_reported():
    text = GOOD.replace(
        "misconception: mis:network-calls-are-free", "misconception: mis:made-up", 1
    )
    assert any("'mis:made-up' is not declared" in p for p in problems_of(text))


def test_two_correct_options_are_reported():
    text = GOOD.replace(
        "        misconception: mis:roles-are-fixed-machines\n", "        correct: true\n", 1
    )
    assert any("exactly one option must be marked" in p for p in problems_of(text))


@pytest.mark.parametrize("giveaway", ["always", "Never", "none of the above"])
def test_giveaway_words_in_an_option_are_reported(giveaway):
    first_option = next(line for line in GOOD.splitlines() if line.startswith("      - text: "))
    text = GOOD.replace(first_option, f"      - text: It is {giveaway} the server", 1)
    assert any(f"says '{giveaway}', which gives it away" in p for p in problems_of(text)), (
        problems_of(text)
    )


def test_missing_section_is_reported():
    text = GOOD.replace("## Analogy", "## Picture it")
    assert any("sections in order" in p and "Picture it" in p for p in problems_of(text))


def test_too_long_body_is_reported():
    text = GOOD.replace("## Analogy\n", "## Analogy\n\n" + "More words here. " * 40 + "\n")
    assert any("words of prose; it must have 220–320" in p for p in problems_of(text))


def test_hard_prose_is_reported_with_its_grade():
    hard = (
        "Organisational heterogeneity necessitates comprehensive interoperability standardisation. "
    )
    front = GOOD[: GOOD.index("## Hook")]
    body = "".join(f"## {name}\n\n{hard * 4}\n\n" for name in lesson_format.SECTIONS)
    assert any("Flesch–Kincaid grade" in p for p in problems_of(front + body))


def test_missing_front_matter_and_broken_yaml():
    assert problems_of("# just markdown\n") == [
        "lesson.md:1: the file must start with front matter between two '---' lines"
    ]
    broken = "---\nid: API-01\ntitle: [unclosed\n---\nbody\n"
    assert problems_of(broken)[0].startswith("lesson.md:3: invalid YAML")


def test_primary_misconception_must_be_used_as_a_distractor():
    text = GOOD.replace(
        "misconception: mis:server-is-one-computer", "misconception: mis:network-calls-are-free"
    )
    assert any(
        "primary misconception 'mis:server-is-one-computer' must appear" in p
        for p in problems_of(text)
    )


def test_prerequisite_cycle_is_found():
    assert lesson_format.find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert lesson_format.find_cycle({"a": ["b"], "b": [], "c": ["a"]}) is None


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("client", 2),
        ("the", 1),
        ("idempotency", 5),
        ("API", 3),
        ("HTTP", 4),
        ("request", 2),
        ("JSON", 4),
    ],
)
def test_syllable_counts(word, count):
    assert readability.syllables(word) == count


def test_prose_leaves_out_code_tables_urls_and_headings():
    markdown = "## Title\n\nOne sentence here.\n\n```sql\nSELECT a FROM b;\n```\n\n| a |\n|---|\n| 1 |\n\nSee https://example.com now. Use `GET` please.\n"
    prose = readability.prose_from_markdown(markdown)
    assert (
        "SELECT" not in prose
        and "Title" not in prose
        and "example.com" not in prose
        and "GET" not in prose
    )
    assert readability.measure(prose).sentences == 3


def test_flesch_kincaid_grade_of_plain_and_dense_text():
    plain = readability.measure("The cat sat on the mat. It was warm. The dog came in.")
    dense = readability.measure(
        "Authentication establishes identity, whereas authorisation determines permissible operations on resources."
    )
    assert plain.grade < 2 < 11 < dense.grade

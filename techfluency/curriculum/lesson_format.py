"""The lesson file format: parsing, schema validation and the measurable quality bar.

Pure logic, no ORM: it turns the text of `content/lessons/<area>/<ID>-<slug>.md` into a
`LessonFile`, or into `Problem`s that say `path:line: message`. The rules follow
curriculum.md §4 and are documented in docs/content-format.md.
"""

import hashlib
import re
from dataclasses import dataclass, field

from techfluency.core import readability, yaml_lines
from techfluency.core.front_matter import (
    DATE,
    SLUG,
    FieldReader,
    Problem,
    Source,
    read_sources,
    split_front_matter,
    with_lines,
)
from techfluency.core.yaml_lines import LineDict

AREAS: dict[str, tuple[str, str]] = {
    # code: (id prefix, name), in teaching order
    "api": ("API", "APIs & Integrations"),
    "db": ("DB", "Databases & Data"),
    "sys": ("SYS", "System Design for PMs"),
    "data": ("DATA", "Data Pipelines & Analytics"),
}
SECTIONS = ("Hook", "Explanation", "Analogy", "Example", "Why PMs care", "Common mix-up")
QUESTION_KINDS = ("recall", "applied")

# curriculum.md §4.2: 220–320 words in the body.
BODY_WORDS = (220, 320)
# §4.1: grade 8–10 with a hard cap of 11; no sentence over 28 words; paragraphs ≤ 3 sentences.
MAX_GRADE = 11.0
MAX_SENTENCE_WORDS = 28
MAX_PARAGRAPH_SENTENCES = 3
# §4.4: stems ≤ 40 words, options ≤ 15 words; at least 4 items per concept, 4 options each.
MAX_STEM_WORDS = 40
MAX_OPTION_WORDS = 15
# Curriculum §4.4.4: absolute words give a wrong option away, and "all/none of the above" is
# not single-best-answer.
_GIVEAWAY = re.compile(r"\b(always|never|(?:all|none) of the above)\b", re.IGNORECASE)
MIN_QUESTIONS = 4
OPTIONS_PER_QUESTION = 4

_ID = re.compile(r"^(API|DB|SYS|DATA)-(\d{2})$")
_SLUG = SLUG
_TAG = re.compile(r"^mis:[a-z0-9]+(?:-[a-z0-9]+)*$")
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = DATE
_SECTION_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Option:
    text: str
    feedback: str
    correct: bool
    misconception: str | None


@dataclass(frozen=True)
class Question:
    key: str
    kind: str
    stem: str
    options: tuple[Option, ...]
    line: int

    @property
    def correct_index(self) -> int:
        return next(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True)
class Misconception:
    tag: str
    text: str
    primary: bool


@dataclass(frozen=True)
class SqlExample:
    setup: str
    query: str
    output: str
    line: int


@dataclass(frozen=True)
class LessonFile:
    path: str
    id: str
    slug: str
    area: str
    title: str
    objective: str
    prerequisites: tuple[str, ...]
    minutes: int
    facts: tuple[str, ...]
    misconceptions: tuple[Misconception, ...]
    terms: tuple[str, ...]
    sources: tuple[Source, ...]
    last_verified: str
    questions: tuple[Question, ...]
    sql_examples: tuple[SqlExample, ...]
    body: str
    body_line: int
    content_hash: str
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def position(self) -> int:
        """Teaching order: areas in curriculum order, then the number in the id."""
        prefix, number = self.id.split("-")
        area_index = [p for p, _ in AREAS.values()].index(prefix)
        return area_index * 100 + int(number)

    @property
    def primary_misconception(self) -> Misconception | None:
        return next((m for m in self.misconceptions if m.primary), None)

    def sections(self) -> dict[str, str]:
        return split_sections(self.body)


def split_sections(body: str) -> dict[str, str]:
    """Map each `## Heading` of the body to its text, in order."""
    matches = list(_SECTION_HEADING.finditer(body))
    sections: dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        sections[match.group(1)] = body[match.end() : end].strip()
    return sections


_LESSON_KEYS = {
    "id", "slug", "area", "title", "objective", "prerequisites", "minutes", "facts",
    "misconceptions", "terms", "sources", "reviewed_by", "last_verified", "questions",
    "sql_examples",
}  # fmt: skip
_QUESTION_KEYS = {"id", "kind", "stem", "options"}
_OPTION_KEYS = {"text", "feedback", "correct", "misconception"}


def parse_lesson(path: str, text: str) -> tuple[LessonFile | None, list[Problem]]:
    """Parse and schema-check one lesson file; quality rules live in `check_quality`."""
    reader = FieldReader(path)
    split = split_front_matter(text)
    if split is None:
        reader.problem(1, "the file must start with front matter between two '---' lines")
        return None, reader.problems
    front_text, body, body_line = split
    try:
        data = yaml_lines.load(front_text, first_line=2)
    except yaml_lines.YamlError as error:
        reader.problem(error.line, str(error))
        return None, reader.problems
    if not isinstance(data, LineDict):
        reader.problem(2, "front matter must be a mapping of fields")
        return None, reader.problems
    reader.unknown_keys(data, _LESSON_KEYS, "the front matter")

    lesson_id = reader.text(data, "id")
    if lesson_id and not _ID.match(lesson_id):
        reader.problem(
            data.line_of("id"), f"id '{lesson_id}' must look like API-01, DB-12, SYS-03 or DATA-07"
        )
    slug = reader.text(data, "slug")
    if slug and not _SLUG.match(slug):
        reader.problem(
            data.line_of("slug"), f"slug '{slug}' must be lowercase words joined by hyphens"
        )
    area = reader.text(data, "area")
    if area and area not in AREAS:
        reader.problem(data.line_of("area"), f"area '{area}' must be one of {', '.join(AREAS)}")
    elif (
        area
        and lesson_id
        and _ID.match(lesson_id)
        and not lesson_id.startswith(AREAS[area][0] + "-")
    ):
        reader.problem(data.line_of("id"), f"id '{lesson_id}' does not belong to area '{area}'")

    prerequisites = []
    for line, item in with_lines(reader.items(data, "prerequisites")):
        if not isinstance(item, str) or not _SLUG.match(item):
            reader.problem(line, f"prerequisite {item!r} must be a concept slug")
        else:
            prerequisites.append(item)

    minutes = data.get("minutes", 2)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 5:
        reader.problem(data.line_of("minutes"), "'minutes' must be a whole number from 1 to 5")
        minutes = 2

    facts = _read_text_list(reader, data, "facts")
    terms = tuple(_read_text_list(reader, data, "terms", required=False))
    misconceptions = _read_misconceptions(reader, data)
    sources = read_sources(reader, data)
    last_verified = reader.text(data, "last_verified")
    if last_verified and not _DATE.match(last_verified):
        reader.problem(
            data.line_of("last_verified"), "'last_verified' must be a date like 2026-11-26"
        )
    reader.text(data, "reviewed_by")
    questions = _read_questions(reader, data, {m.tag for m in misconceptions})
    sql_examples = _read_sql_examples(reader, data)

    _check_sections(reader, body, body_line)

    if reader.problems:
        return None, reader.problems
    lesson = LessonFile(
        path=path,
        id=lesson_id,
        slug=slug,
        area=area,
        title=reader.text(data, "title"),
        objective=reader.text(data, "objective"),
        prerequisites=tuple(prerequisites),
        minutes=minutes,
        facts=tuple(facts),
        misconceptions=tuple(misconceptions),
        terms=terms,
        sources=tuple(sources),
        last_verified=last_verified,
        questions=tuple(questions),
        sql_examples=tuple(sql_examples),
        body=body.strip() + "\n",
        body_line=body_line,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        lines={key: data.line_of(key) for key in data},
    )
    # Title and objective are read above only for their problems; make sure they exist.
    if not lesson.title or not lesson.objective:
        return None, reader.problems
    return lesson, reader.problems


def _read_text_list(
    reader: FieldReader, data: LineDict, key: str, *, required: bool = True
) -> list[str]:
    items = reader.items(data, key, required=required)
    result = []
    for line, item in with_lines(items):
        if not isinstance(item, str) or not item.strip():
            reader.problem(line, f"each of '{key}' must be non-empty text")
        else:
            result.append(item.strip())
    if required and not result and key in data:
        reader.problem(data.line_of(key), f"'{key}' must list at least one item")
    return result


def _read_misconceptions(reader: FieldReader, data: LineDict) -> list[Misconception]:
    result = []
    items = reader.items(data, "misconceptions")
    for line, item in with_lines(items):
        entry = reader.mapping(item, line, "a misconception")
        if entry is None:
            continue
        reader.unknown_keys(entry, {"tag", "text", "primary"}, "a misconception")
        tag = reader.text(entry, "tag")
        if tag and not _TAG.match(tag):
            reader.problem(
                entry.line_of("tag"),
                f"misconception tag '{tag}' must look like mis:words-with-hyphens",
            )
        primary = entry.get("primary", False)
        if not isinstance(primary, bool):
            reader.problem(entry.line_of("primary"), "'primary' must be true or false")
            primary = False
        result.append(Misconception(tag=tag, text=reader.text(entry, "text"), primary=primary))
    primaries = [m for m in result if m.primary]
    if items and len(primaries) != 1:
        reader.problem(
            data.line_of("misconceptions"),
            "exactly one misconception must be marked 'primary: true' (the concept's §1 misconception)",
        )
    tags = [m.tag for m in result]
    for tag in {t for t in tags if tags.count(t) > 1}:
        reader.problem(data.line_of("misconceptions"), f"misconception tag '{tag}' is listed twice")
    return result


def _read_questions(reader: FieldReader, data: LineDict, declared_tags: set[str]) -> list[Question]:
    result = []
    items = reader.items(data, "questions")
    keys: set[str] = set()
    for line, item in with_lines(items):
        entry = reader.mapping(item, line, "a question")
        if entry is None:
            continue
        reader.unknown_keys(entry, _QUESTION_KEYS, "a question")
        key = reader.text(entry, "id")
        if key and not _KEY.match(key):
            reader.problem(
                entry.line_of("id"),
                f"question id '{key}' must be lowercase words joined by hyphens",
            )
        if key in keys:
            reader.problem(entry.line_of("id"), f"question id '{key}' is used twice in this lesson")
        keys.add(key)
        kind = reader.text(entry, "kind")
        if kind and kind not in QUESTION_KINDS:
            reader.problem(
                entry.line_of("kind"), f"question kind '{kind}' must be recall or applied"
            )
        stem = reader.text(entry, "stem")
        options = _read_options(reader, entry, declared_tags)
        result.append(
            Question(key=key, kind=kind, stem=stem, options=tuple(options), line=entry.line)
        )
    return result


def _read_options(reader: FieldReader, question: LineDict, declared_tags: set[str]) -> list[Option]:
    items = reader.items(question, "options")
    result = []
    for line, item in with_lines(items):
        entry = reader.mapping(item, line, "an option")
        if entry is None:
            continue
        reader.unknown_keys(entry, _OPTION_KEYS, "an option")
        correct = entry.get("correct", False)
        if not isinstance(correct, bool):
            reader.problem(entry.line_of("correct"), "'correct' must be true or false")
            correct = False
        tag = entry.get("misconception")
        if correct and tag is not None:
            reader.problem(
                entry.line_of("misconception"),
                "the correct option must not carry a misconception tag",
            )
        if not correct:
            if not isinstance(tag, str) or not tag.strip():
                reader.problem(entry.line, "every wrong option needs a 'misconception' tag")
                tag = None
            elif tag not in declared_tags:
                reader.problem(
                    entry.line_of("misconception"),
                    f"misconception '{tag}' is not declared in this lesson's 'misconceptions'",
                )
        result.append(
            Option(
                text=reader.text(entry, "text"),
                feedback=reader.text(entry, "feedback"),
                correct=correct,
                misconception=tag if isinstance(tag, str) else None,
            )
        )
    if items and len(result) != OPTIONS_PER_QUESTION:
        reader.problem(
            items.line,
            f"a question needs exactly {OPTIONS_PER_QUESTION} options, not {len(result)}",
        )
    if items and sum(option.correct for option in result) != 1:
        reader.problem(items.line, "exactly one option must be marked 'correct: true'")
    texts = [option.text.lower() for option in result]
    if len(set(texts)) != len(texts):
        reader.problem(items.line, "two options have the same text")
    return result


def _read_sql_examples(reader: FieldReader, data: LineDict) -> list[SqlExample]:
    result = []
    items = reader.items(data, "sql_examples", required=False)
    for line, item in with_lines(items):
        entry = reader.mapping(item, line, "an SQL example")
        if entry is None:
            continue
        reader.unknown_keys(entry, {"setup", "query", "output"}, "an SQL example")
        result.append(
            SqlExample(
                setup=reader.text(entry, "setup"),
                query=reader.text(entry, "query"),
                output=reader.text(entry, "output"),
                line=entry.line,
            )
        )
    return result


def _check_sections(reader: FieldReader, body: str, body_line: int) -> None:
    headings = [match.group(1) for match in _SECTION_HEADING.finditer(body)]
    if headings != list(SECTIONS):
        reader.problem(
            body_line,
            "the body must have exactly these '## ' sections in order: "
            + ", ".join(SECTIONS)
            + f" (found: {', '.join(headings) or 'none'})",
        )


def body_prose(lesson: LessonFile) -> str:
    return readability.prose_from_markdown(lesson.body)


def _line_in_body(lesson: LessonFile, needle: str) -> int:
    index = lesson.body.find(needle)
    if index < 0:
        return lesson.body_line
    return lesson.body_line + lesson.body.count("\n", 0, index)


def check_quality(lesson: LessonFile) -> list[Problem]:
    """The measurable part of curriculum.md §4 for one lesson."""
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(lesson.path, line, message))

    prose = body_prose(lesson)
    measured = readability.measure(prose)
    low, high = BODY_WORDS
    if not low <= measured.words <= high:
        problem(
            lesson.body_line,
            f"the body has {measured.words} words of prose; it must have {low}–{high}",
        )
    if measured.grade > MAX_GRADE:
        problem(
            lesson.body_line,
            f"Flesch–Kincaid grade {measured.grade:.1f} is above the cap of {MAX_GRADE:.0f}; "
            "use shorter sentences and plainer words",
        )
    for sentence in readability.sentences(prose):
        count = len(readability.words(sentence))
        if count > MAX_SENTENCE_WORDS:
            problem(
                _line_in_body(lesson, sentence[:30]),
                f"a sentence has {count} words (cap {MAX_SENTENCE_WORDS}): {sentence[:60]!r}…",
            )
    for paragraph in _paragraphs(lesson.body):
        count = len(readability.sentences(readability.prose_from_markdown(paragraph)))
        if count > MAX_PARAGRAPH_SENTENCES:
            problem(
                _line_in_body(lesson, paragraph[:30]),
                f"a paragraph has {count} sentences (cap {MAX_PARAGRAPH_SENTENCES})",
            )

    if len(lesson.questions) < MIN_QUESTIONS:
        problem(
            lesson.lines.get("questions", 1),
            f"{len(lesson.questions)} check questions; at least {MIN_QUESTIONS} are needed",
        )
    if not any(question.kind == "applied" for question in lesson.questions):
        problem(
            lesson.lines.get("questions", 1),
            "at least one check question must be 'applied' (a scenario)",
        )
    primary = lesson.primary_misconception
    used_tags = {o.misconception for q in lesson.questions for o in q.options if o.misconception}
    if primary and primary.tag not in used_tags:
        problem(
            lesson.lines.get("misconceptions", 1),
            f"the primary misconception '{primary.tag}' must appear as a distractor",
        )
    for tag in sorted({m.tag for m in lesson.misconceptions} - used_tags):
        problem(
            lesson.lines.get("misconceptions", 1),
            f"misconception '{tag}' is declared but no option uses it",
        )
    for question in lesson.questions:
        stem_words = len(readability.words(question.stem))
        if stem_words > MAX_STEM_WORDS:
            problem(
                question.line,
                f"question '{question.key}' has a {stem_words}-word stem (cap {MAX_STEM_WORDS})",
            )
        for option in question.options:
            option_words = len(readability.words(option.text))
            if option_words > MAX_OPTION_WORDS:
                problem(
                    question.line,
                    f"an option of '{question.key}' has {option_words} words (cap {MAX_OPTION_WORDS})",
                )
            giveaway = _GIVEAWAY.search(option.text)
            if giveaway:
                problem(
                    question.line,
                    f"an option of '{question.key}' says '{giveaway.group(0)}', which gives it"
                    " away: word it as a specific claim",
                )
    return problems


def _paragraphs(body: str) -> list[str]:
    without_code = re.sub(r"^```.*?^```[ \t]*$", "", body, flags=re.MULTILINE | re.DOTALL)
    return [
        block
        for block in re.split(r"\n\s*\n", without_code)
        if block.strip() and not block.lstrip().startswith(("#", "|", "-", "*", "1."))
    ]


def check_collection(lessons: list[LessonFile]) -> list[Problem]:
    """Rules across files: unique ids and slugs, prerequisites that exist, come earlier and form no cycle."""
    problems: list[Problem] = []
    by_slug: dict[str, LessonFile] = {}
    by_id: dict[str, LessonFile] = {}
    for lesson in lessons:
        for key, index, value in (("id", by_id, lesson.id), ("slug", by_slug, lesson.slug)):
            if value in index:
                problems.append(
                    Problem(
                        lesson.path,
                        lesson.lines.get(key, 1),
                        f"{key} '{value}' is also used by {index[value].path}",
                    )
                )
            else:
                index[value] = lesson
    for lesson in lessons:
        for slug in lesson.prerequisites:
            line = lesson.lines.get("prerequisites", 1)
            required = by_slug.get(slug)
            if required is None:
                problems.append(
                    Problem(lesson.path, line, f"prerequisite '{slug}' is not a lesson")
                )
            elif required.position >= lesson.position:
                problems.append(
                    Problem(
                        lesson.path,
                        line,
                        f"prerequisite '{slug}' ({required.id}) must come before {lesson.id}",
                    )
                )
    # Prerequisites point to earlier lessons only, which already rules out cycles; this search
    # still names one if ordering is ever relaxed.
    cycle = find_cycle({lesson.slug: list(lesson.prerequisites) for lesson in lessons})
    if cycle:
        first = by_slug[cycle[0]]
        problems.append(
            Problem(
                first.path,
                first.lines.get("prerequisites", 1),
                "prerequisites form a cycle: " + " → ".join(cycle),
            )
        )
    return problems


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A cycle in a dependency graph as a closed path of names, or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt in graph and state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if state.get(node) is None:
            found = visit(node)
            if found:
                return found
    return None

"""The interview question file format (content/interviews/<ID>.md). Pure logic, no ORM."""

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
from techfluency.core.yaml_lines import LineDict, LineList

STYLES = ("stakeholder", "plain-language", "technical", "sql")
SECTIONS = ("Model answer", "Weak answer")
MODEL_ANSWER_WORDS = (150, 300)
MIN_RUBRIC_POINTS = 6
_ID = re.compile(r"^Q-(API|DB|SYS|DATA)-(\d+)$")
_AREA_OF_PREFIX = {"API": "api", "DB": "db", "SYS": "sys", "DATA": "data"}
_SECTION_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)
_KEYS = {
    "id", "area", "style", "question", "concepts", "minutes", "answer_words", "rubric", "traps",
    "follow_ups", "weak_answer_traps", "sources", "reviewed_by", "last_verified",
}  # fmt: skip


@dataclass(frozen=True)
class RubricPoint:
    id: str
    text: str
    must: bool
    concept: str
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Trap:
    id: str
    text: str


@dataclass(frozen=True)
class QuestionFile:
    path: str
    id: str
    area: str
    style: str
    question: str
    concepts: tuple[str, ...]
    minutes: int
    answer_words: tuple[int, int]
    rubric: tuple[RubricPoint, ...]
    traps: tuple[Trap, ...]
    follow_ups: tuple[str, ...]
    weak_answer_traps: tuple[str, ...]
    sources: tuple[Source, ...]
    last_verified: str
    model_answer: str
    weak_answer: str
    body_line: int
    content_hash: str
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def number(self) -> int:
        return int(self.id.rsplit("-", 1)[1])

    @property
    def must_haves(self) -> tuple[RubricPoint, ...]:
        return tuple(point for point in self.rubric if point.must)


def parse_question(path: str, text: str) -> tuple[QuestionFile | None, list[Problem]]:
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
    reader.unknown_keys(data, _KEYS, "the front matter")

    question_id = reader.text(data, "id")
    match = _ID.match(question_id) if question_id else None
    if question_id and not match:
        reader.problem(data.line_of("id"), f"id '{question_id}' must look like Q-API-1 or Q-DATA-4")
    area = reader.text(data, "area")
    if match and area and _AREA_OF_PREFIX[match.group(1)] != area:
        reader.problem(data.line_of("area"), f"area '{area}' does not match the id '{question_id}'")
    style = reader.text(data, "style")
    if style and style not in STYLES:
        reader.problem(data.line_of("style"), f"style '{style}' must be one of {', '.join(STYLES)}")
    concepts = []
    for line, item in with_lines(reader.items(data, "concepts")):
        if not isinstance(item, str) or not SLUG.match(item):
            reader.problem(line, f"concept {item!r} must be a lesson slug")
        else:
            concepts.append(item)
    minutes = data.get("minutes", 3)
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 10:
        reader.problem(data.line_of("minutes"), "'minutes' must be a whole number from 1 to 10")
        minutes = 3
    answer_words = _read_range(reader, data)
    rubric = _read_rubric(reader, data)
    traps = _read_traps(reader, data)
    follow_ups = []
    for line, item in with_lines(reader.items(data, "follow_ups")):
        if not isinstance(item, str) or not item.strip():
            reader.problem(line, "each follow-up must be non-empty text")
        else:
            follow_ups.append(item.strip())
    trap_ids = {trap.id for trap in traps}
    weak_traps = []
    for line, item in with_lines(reader.items(data, "weak_answer_traps")):
        if item not in trap_ids:
            reader.problem(line, f"weak_answer_traps names '{item}', which is not one of the traps")
        else:
            weak_traps.append(item)
    if len(weak_traps) != 2 and "weak_answer_traps" in data:
        reader.problem(
            data.line_of("weak_answer_traps"), "the weak answer must fall into exactly two traps"
        )
    sources = read_sources(reader, data)
    last_verified = reader.text(data, "last_verified")
    if last_verified and not DATE.match(last_verified):
        reader.problem(
            data.line_of("last_verified"), "'last_verified' must be a date like 2026-11-26"
        )
    reader.text(data, "reviewed_by")
    question_text = reader.text(data, "question")

    headings = [m.group(1) for m in _SECTION_HEADING.finditer(body)]
    if headings != list(SECTIONS):
        reader.problem(
            body_line,
            f"the body must have exactly these '## ' sections in order: {', '.join(SECTIONS)} "
            f"(found: {', '.join(headings) or 'none'})",
        )
    if reader.problems:
        return None, reader.problems
    sections = _split_sections(body)
    return (
        QuestionFile(
            path=path,
            id=question_id,
            area=area,
            style=style,
            question=question_text,
            concepts=tuple(concepts),
            minutes=minutes,
            answer_words=answer_words,
            rubric=tuple(rubric),
            traps=tuple(traps),
            follow_ups=tuple(follow_ups),
            weak_answer_traps=tuple(weak_traps),
            sources=tuple(sources),
            last_verified=last_verified,
            model_answer=sections["Model answer"],
            weak_answer=sections["Weak answer"],
            body_line=body_line,
            content_hash=hashlib.sha256(text.encode()).hexdigest(),
            lines={key: data.line_of(key) for key in data},
        ),
        [],
    )


def _split_sections(body: str) -> dict[str, str]:
    matches = list(_SECTION_HEADING.finditer(body))
    return {
        match.group(1): body[
            match.end() : (matches[i + 1].start() if i + 1 < len(matches) else len(body))
        ].strip()
        for i, match in enumerate(matches)
    }


def _read_range(reader: FieldReader, data: LineDict) -> tuple[int, int]:
    value = data.get("answer_words")
    if value is None:
        return MODEL_ANSWER_WORDS
    if (
        not isinstance(value, LineList)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not 0 < value[0] < value[1]
    ):
        reader.problem(
            data.line_of("answer_words"), "'answer_words' must be two whole numbers, low then high"
        )
        return MODEL_ANSWER_WORDS
    return int(value[0]), int(value[1])


def _read_rubric(reader: FieldReader, data: LineDict) -> list[RubricPoint]:
    result: list[RubricPoint] = []
    seen: set[str] = set()
    for line, item in with_lines(reader.items(data, "rubric")):
        entry = reader.mapping(item, line, "a rubric point")
        if entry is None:
            continue
        reader.unknown_keys(entry, {"id", "text", "must", "concept", "cues"}, "a rubric point")
        point_id = reader.text(entry, "id")
        if point_id and not SLUG.match(point_id):
            reader.problem(
                entry.line_of("id"),
                f"rubric id '{point_id}' must be lowercase words joined by hyphens",
            )
        if point_id in seen:
            reader.problem(entry.line_of("id"), f"rubric id '{point_id}' is used twice")
        seen.add(point_id)
        must = entry.get("must", False)
        if not isinstance(must, bool):
            reader.problem(entry.line_of("must"), "'must' must be true or false")
            must = False
        concept = reader.text(entry, "concept")
        cues = []
        for cue_line, cue in with_lines(reader.items(entry, "cues", required=False)):
            if not isinstance(cue, str) or not cue.strip():
                reader.problem(cue_line, "each cue must be non-empty text")
            else:
                cues.append(cue.strip())
        result.append(
            RubricPoint(
                id=point_id,
                text=reader.text(entry, "text"),
                must=must,
                concept=concept,
                cues=tuple(cues),
            )
        )
    if result and len(result) < MIN_RUBRIC_POINTS:
        reader.problem(
            data.line_of("rubric"),
            f"the rubric has {len(result)} points; at least {MIN_RUBRIC_POINTS} are needed",
        )
    if result and not any(point.must for point in result):
        reader.problem(
            data.line_of("rubric"), "at least one rubric point must be a must-have (must: true)"
        )
    return result


def _read_traps(reader: FieldReader, data: LineDict) -> list[Trap]:
    result = []
    for line, item in with_lines(reader.items(data, "traps")):
        entry = reader.mapping(item, line, "a trap")
        if entry is None:
            continue
        reader.unknown_keys(entry, {"id", "text"}, "a trap")
        trap_id = reader.text(entry, "id")
        if trap_id and not SLUG.match(trap_id):
            reader.problem(
                entry.line_of("id"),
                f"trap id '{trap_id}' must be lowercase words joined by hyphens",
            )
        result.append(Trap(id=trap_id, text=reader.text(entry, "text")))
    return result


def check_quality(question: QuestionFile) -> list[Problem]:
    problems = []
    words = readability.measure(readability.prose_from_markdown(question.model_answer)).words
    low, high = question.answer_words
    if not low <= words <= high:
        problems.append(
            Problem(
                question.path,
                question.body_line,
                f"the model answer has {words} words; it must have {low}–{high}",
            )
        )
    if not readability.words(question.weak_answer):
        problems.append(Problem(question.path, question.body_line, "the weak answer is empty"))
    return problems


def check_links(questions: list[QuestionFile], lesson_slugs: set[str]) -> list[Problem]:
    """Every concept a question or rubric point names must be a lesson."""
    problems = []
    seen: dict[str, str] = {}
    for question in questions:
        if question.id in seen:
            problems.append(
                Problem(
                    question.path,
                    question.lines.get("id", 1),
                    f"id '{question.id}' is also used by {seen[question.id]}",
                )
            )
        seen[question.id] = question.path
        for slug in question.concepts:
            if slug not in lesson_slugs:
                problems.append(
                    Problem(
                        question.path,
                        question.lines.get("concepts", 1),
                        f"concept '{slug}' is not a lesson",
                    )
                )
        for point in question.rubric:
            if point.concept not in lesson_slugs:
                problems.append(
                    Problem(
                        question.path,
                        question.lines.get("rubric", 1),
                        f"rubric point '{point.id}' names concept '{point.concept}', which is not a lesson",
                    )
                )
    return problems

"""The SQL exercise file format (content/sqllab/<id>.yaml). Pure logic, no ORM."""

import hashlib
import re
from dataclasses import dataclass

from techfluency.core import yaml_lines
from techfluency.core.front_matter import SLUG, FieldReader, Problem, with_lines
from techfluency.core.yaml_lines import LineDict
from techfluency.sqllab.compare import DEFAULT_DECIMALS, Contract, SortKey

_ID = re.compile(r"^s(\d{2})$")
TABLES = {
    "users", "lessons", "lesson_completions", "subscriptions", "fx_rates", "events", "identity_map",
    "experiment_assignments", "app_releases", "calendar",
}  # fmt: skip
HINTS = 3
_KEYS = {"id", "level", "title", "question", "tables", "concepts", "columns", "order_by", "decimals",
         "reference", "hints", "debrief", "quirks", "mistakes"}  # fmt: skip
# The named mistakes the grader can explain (see feedback.py); an exercise lists the ones it drills.
MISTAKES = {
    "not-in-null", "where-breaks-left-join", "count-star-outer-join", "integer-division",
    "timestamp-upper-bound", "join-fan-out", "equals-null", "inner-join-for-anti-join",
}  # fmt: skip


@dataclass(frozen=True)
class ExerciseFile:
    path: str
    id: str
    level: int
    title: str
    question: str
    tables: tuple[str, ...]
    concepts: tuple[str, ...]
    columns: tuple[str, ...]
    order_by: tuple[SortKey, ...]
    decimals: int
    reference: str
    hints: tuple[str, ...]
    debrief: str
    quirks: tuple[str, ...]
    mistakes: tuple[str, ...]
    content_hash: str

    @property
    def number(self) -> int:
        return int(self.id[1:])

    @property
    def contract(self) -> Contract:
        return Contract(columns=len(self.columns), decimals=self.decimals, sort_keys=self.order_by)


def parse_exercise(path: str, text: str) -> tuple[ExerciseFile | None, list[Problem]]:
    reader = FieldReader(path)
    try:
        data = yaml_lines.load(text)
    except yaml_lines.YamlError as error:
        reader.problem(error.line, str(error))
        return None, reader.problems
    if not isinstance(data, LineDict):
        reader.problem(1, "an exercise file must be a mapping of fields")
        return None, reader.problems
    reader.unknown_keys(data, _KEYS, "the exercise")
    exercise_id = reader.text(data, "id")
    if exercise_id and not _ID.match(exercise_id):
        reader.problem(data.line_of("id"), f"id '{exercise_id}' must look like s01 … s25")
    level = data.get("level")
    if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 6:
        reader.problem(data.line_of("level"), "'level' must be a whole number from 1 to 6")
        level = 1
    tables = _names(reader, data, "tables")
    for line, table in with_lines(data.get("tables") or []):
        if table not in TABLES:
            reader.problem(line, f"table '{table}' is not in the dataset")
    concepts = _names(reader, data, "concepts")
    for line, slug in with_lines(data.get("concepts") or []):
        if not isinstance(slug, str) or not SLUG.match(slug):
            reader.problem(line, f"concept {slug!r} must be a lesson slug")
    columns = _names(reader, data, "columns")
    order_by = []
    for line, item in with_lines(reader.items(data, "order_by", required=False)):
        entry = reader.mapping(item, line, "a sort key")
        if entry is None:
            continue
        reader.unknown_keys(entry, {"column", "descending"}, "a sort key")
        column = reader.text(entry, "column")
        descending = entry.get("descending", False)
        if column and column not in columns:
            reader.problem(
                entry.line_of("column"), f"sort column '{column}' is not one of the columns"
            )
        elif column:
            order_by.append(SortKey(column=columns.index(column), descending=bool(descending)))
    decimals = data.get("decimals", DEFAULT_DECIMALS)
    if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 9:
        reader.problem(data.line_of("decimals"), "'decimals' must be a whole number from 0 to 9")
        decimals = DEFAULT_DECIMALS
    hints = _names(reader, data, "hints")
    if "hints" in data and len(hints) != HINTS:
        reader.problem(
            data.line_of("hints"),
            f"an exercise needs exactly {HINTS} hints, from a nudge to nearly the answer",
        )
    quirks = tuple(str(q) for q in (data.get("quirks") or []))
    mistakes = _names(reader, data, "mistakes", required=False)
    for line, mistake in with_lines(data.get("mistakes") or []):
        if mistake not in MISTAKES:
            reader.problem(
                line,
                f"mistake '{mistake}' is not one the grader knows: {', '.join(sorted(MISTAKES))}",
            )
    result = ExerciseFile(
        path=path,
        id=exercise_id,
        level=level,
        title=reader.text(data, "title"),
        question=reader.text(data, "question"),
        tables=tuple(tables),
        concepts=tuple(concepts),
        columns=tuple(columns),
        order_by=tuple(order_by),
        decimals=decimals,
        reference=reader.text(data, "reference"),
        hints=tuple(hints),
        debrief=reader.text(data, "debrief"),
        quirks=quirks,
        mistakes=tuple(mistakes),
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
    )
    if reader.problems:
        return None, reader.problems
    return result, []


def _names(reader: FieldReader, data: LineDict, key: str, *, required: bool = True) -> list[str]:
    items = []
    for line, item in with_lines(reader.items(data, key, required=required)):
        if not isinstance(item, str) or not item.strip():
            reader.problem(line, f"each of '{key}' must be non-empty text")
        else:
            items.append(item.strip())
    return items

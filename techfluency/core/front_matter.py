"""Front matter shared by every content file: splitting it off, and reading typed fields
while collecting problems as `path:line: message`."""

import re
from dataclasses import dataclass
from typing import Any

from techfluency.core.yaml_lines import LineDict, LineList

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Return (front matter, body, the body's first line), or None without `---` fences."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return None


def with_lines(items: list[Any]) -> list[tuple[int, Any]]:
    """Pair each item of a YAML list with its line (the list's line for plain lists)."""
    lines = getattr(items, "item_lines", None) or [getattr(items, "line", 1)] * len(items)
    return list(zip(lines, items, strict=True))


class FieldReader:
    """Reads typed fields out of a front-matter mapping and collects problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def text(self, data: LineDict, key: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(data.line, f"missing field '{key}'")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(data.line_of(key), f"'{key}' must be non-empty text")
            return ""
        return value.strip()

    def items(self, data: LineDict, key: str, *, required: bool = True) -> LineList:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(data.line, f"missing field '{key}'")
            return LineList()
        if not isinstance(value, LineList):
            self.problem(data.line_of(key), f"'{key}' must be a list")
            return LineList()
        return value

    def mapping(self, value: Any, line: int, what: str) -> LineDict | None:
        if not isinstance(value, LineDict):
            self.problem(line, f"{what} must be a mapping of fields")
            return None
        return value

    def unknown_keys(self, data: LineDict, allowed: set[str], what: str) -> None:
        for key in data:
            if key not in allowed:
                self.problem(data.line_of(key), f"unknown field '{key}' in {what}")


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    accessed: str


def read_sources(reader: FieldReader, data: LineDict) -> list[Source]:
    result = []
    items = reader.items(data, "sources")
    for line, item in with_lines(items):
        entry = reader.mapping(item, line, "a source")
        if entry is None:
            continue
        reader.unknown_keys(entry, {"title", "url", "accessed"}, "a source")
        url = reader.text(entry, "url")
        if url and not url.startswith("https://"):
            reader.problem(entry.line_of("url"), f"source url '{url}' must start with https://")
        accessed = reader.text(entry, "accessed")
        if accessed and not DATE.match(accessed):
            reader.problem(entry.line_of("accessed"), "'accessed' must be a date like 2026-11-26")
        result.append(Source(title=reader.text(entry, "title"), url=url, accessed=accessed))
    if "sources" in data and not result:
        reader.problem(data.line_of("sources"), "'sources' must list at least one source")
    return result

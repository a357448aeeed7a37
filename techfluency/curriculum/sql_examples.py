"""Runs the SQL shown in lessons on DuckDB and renders the output the lesson must show.

A lesson's `sql_examples` entry holds the setup (a table of at most 5 rows), the query and
the output as a Markdown table. The content tests run every example and compare; writers run
`python -m techfluency.curriculum.sql_examples <lesson.md>` to print the real output.
"""

import datetime
import decimal
import sys
from pathlib import Path

import duckdb


def format_value(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def run_example(setup: str, query: str) -> str:
    """Run `setup` then `query` on a fresh in-memory DuckDB; return the result as a Markdown table."""
    connection = duckdb.connect(":memory:")
    try:
        connection.execute("SET TimeZone = 'UTC'")
        if setup.strip():
            connection.execute(setup)
        relation = connection.execute(query)
        columns = [column[0] for column in relation.description or []]
        rows = relation.fetchall()
    finally:
        connection.close()
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(format_value(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def normalise_table(table: str) -> str:
    """Compare tables by cell text only, ignoring spacing and the separator row's dashes."""
    rows = []
    for line in table.strip().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if all(set(cell) <= set("-: ") for cell in cells):
            continue
        rows.append(" | ".join(cells))
    return "\n".join(rows)


def main(paths: list[str]) -> int:
    from techfluency.curriculum import lesson_format

    status = 0
    for path in paths:
        lesson, problems = lesson_format.parse_lesson(path, Path(path).read_text(encoding="utf-8"))
        if lesson is None:
            print("\n".join(map(str, problems)))
            status = 1
            continue
        for example in lesson.sql_examples:
            actual = run_example(example.setup, example.query)
            same = normalise_table(actual) == normalise_table(example.output)
            print(
                f"{path}:{example.line}: {'matches' if same else 'DIFFERS from the stored output'}"
            )
            print(actual, end="\n\n")
            status |= 0 if same else 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

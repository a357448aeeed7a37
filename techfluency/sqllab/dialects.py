"""Translate a learner's SQL from the dialect they chose into DuckDB's, with sqlglot.

Types are annotated against the dataset's schema before generating, so dialect semantics
survive the trip: PostgreSQL's `COUNT(x) / COUNT(*)` divides integers and truncates, and
stays that way on DuckDB (where `/` alone would return a fraction). That matters here,
because integer division is one of the mistakes the grader exists to explain.
"""

import re
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, UnsupportedError
from sqlglot.optimizer.annotate_types import annotate_types
from sqlglot.optimizer.qualify import qualify

DIALECTS: dict[str, str] = {
    "postgres": "PostgreSQL",
    "mysql": "MySQL",
    "sqlite": "SQLite",
    "bigquery": "BigQuery",
    "snowflake": "Snowflake",
    "duckdb": "DuckDB",
}
DEFAULT_DIALECT = "postgres"

Schema = dict[str, dict[str, str]]


class TranslationError(ValueError):
    """The query could not be read in its dialect, or uses something DuckDB cannot run."""


def parse(sql: str, dialect: str) -> list[exp.Expr]:
    if dialect not in DIALECTS:
        raise TranslationError(
            f"Unknown dialect '{dialect}'. Choose one of: {', '.join(DIALECTS.values())}."
        )
    try:
        return [tree for tree in sqlglot.parse(sql, read=dialect) if tree is not None]
    except ParseError as error:
        raise TranslationError(
            f"This is not valid {DIALECTS[dialect]} SQL: {_first_error(error)}"
        ) from None


def to_duckdb(sql: str, dialect: str, schema: Schema) -> str:
    """The query as DuckDB SQL; several statements stay several, for the sandbox to refuse."""
    if dialect == "duckdb":
        return sql
    trees = parse(sql, dialect)
    try:
        return ";\n".join(_generate(tree, dialect, schema) for tree in trees)
    except UnsupportedError as error:
        raise TranslationError(
            f"{_first_error(error)}: this {DIALECTS[dialect]} construct cannot be translated to run here. "
            "Rewrite it with standard SQL, or switch the dialect to DuckDB."
        ) from None


# sqlglot's cautions that do not apply here: both sides of the translation run with the
# session time zone set to UTC, so time-zone-dependent functions agree.
_HARMLESS = ("timezone handling differences",)


def _generate(tree: exp.Expr, dialect: str, schema: Schema) -> str:
    typed = _annotated(tree, dialect, schema)
    generator = sqlglot.Dialect.get_or_raise("duckdb").generator(
        unsupported_level=ErrorLevel.IGNORE
    )
    sql = generator.generate(typed)
    problems = [m for m in generator.unsupported_messages if not any(h in m for h in _HARMLESS)]
    if problems:
        raise UnsupportedError(problems[0])
    return sql


def _annotated(tree: exp.Expr, dialect: str, schema: Schema) -> exp.Expr:
    """The tree with types filled in where sqlglot can work them out."""
    lowered: dict[str, Any] = {
        table.lower(): {c.lower(): t for c, t in cols.items()} for table, cols in schema.items()
    }
    try:
        qualified = qualify(
            tree.copy(),
            schema=lowered,
            dialect=dialect,
            validate_qualify_columns=False,
            quote_identifiers=False,
            identify=False,
        )
        typed = _postgres_numeric_extract(annotate_types(qualified, schema=lowered), dialect)
        return _without_made_up_aliases(typed)

    except Exception:
        try:
            return annotate_types(tree.copy(), schema=lowered)
        except Exception:
            return tree


def _first_error(error: Exception) -> str:
    errors = getattr(error, "errors", None)
    if errors:
        first = errors[0]
        where = (
            f" (line {first.get('line')}, column {first.get('col')})" if first.get("line") else ""
        )
        return f"{first.get('description', str(error))}{where}"
    return str(error).split("\n")[0]


def _postgres_numeric_extract(tree: exp.Expr, dialect: str) -> exp.Expr:
    """PostgreSQL's EXTRACT returns numeric (since version 14), so dividing it never truncates."""
    if dialect == "postgres":
        for node in tree.find_all(exp.Extract):
            node.type = exp.DataType.build("DOUBLE")
    return tree


_MADE_UP = re.compile(r"^_col_\d+$", re.IGNORECASE)


def _without_made_up_aliases(tree: exp.Expr) -> exp.Expr:
    """Drop the `_col_0` names qualification gives unnamed output columns, so the learner sees
    the database's own names (count_star(), …) as they would at their own prompt."""
    outer = tree if isinstance(tree, exp.Select) else None
    if outer is not None:
        for expression in outer.expressions:
            if isinstance(expression, exp.Alias) and _MADE_UP.match(expression.alias):
                expression.replace(expression.this)
    return tree

"""Explain a wrong answer: what the diff shows, and which classic mistake most likely caused it.

Pure logic: each detector reads the learner's query structure (a sqlglot tree in the
dialect they wrote) and checks that the result evidence points the same way, so a pattern
in the query is only named when the rows it would break are in fact wrong.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from techfluency.sqllab.compare import Diff, numbers_inflated

Schema = dict[str, dict[str, str]]
# Dialects where `/` between two integers truncates (PostgreSQL, SQLite; also SQL Server and Redshift).
_INTEGER_DIVISION_DIALECTS = {"postgres", "sqlite"}
_INTEGER_TYPES = {"INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT"}


@dataclass(frozen=True)
class Mistake:
    code: str
    title: str
    explanation: str
    lesson: str  # slug of the lesson that teaches the fix


@dataclass(frozen=True)
class Evidence:
    tree: exp.Expr
    dialect: str
    diff: Diff
    schema: Schema
    column_names: tuple[str, ...]
    # The reference solution's tree: what it does on purpose is not the learner's mistake.
    reference: exp.Expr | None = None


def _selects(tree: exp.Expr) -> list[exp.Select]:
    return list(tree.find_all(exp.Select))


def _fewer_rows(diff: Diff) -> bool:
    return diff.missing_count > 0 and diff.actual_rows < diff.expected_rows


def _not_in_null(e: Evidence) -> Mistake | None:
    for negation in e.tree.find_all(exp.Not):
        inner = negation.this
        if (
            isinstance(inner, exp.In)
            and inner.args.get("query") is not None
            and _fewer_rows(e.diff)
        ):
            return Mistake(
                "not-in-null",
                "NOT IN over a subquery that contains NULL",
                "Your NOT IN (SELECT …) compares against a list that includes a NULL (for example an event "
                "with no user_id). `x NOT IN (1, 2, NULL)` is never true, only unknown, so those rows vanish: "
                + _rows_phrase(e.diff)
                + " Use NOT EXISTS, or filter the NULLs out inside the subquery.",
                "sql-null",
            )
    return None


def _join_alias(join: exp.Join) -> str:
    return join.this.alias_or_name


def _where_breaks_left_join(e: Evidence) -> Mistake | None:
    if not e.diff.missing_count:
        return None
    for select in _selects(e.tree):
        where = select.args.get("where")
        if where is None:
            continue
        for join in select.args.get("joins") or []:
            if join.side != "LEFT":
                continue
            alias = _join_alias(join)
            for predicate in where.find_all(exp.Predicate):
                if isinstance(predicate, exp.Is) or predicate.find_ancestor(exp.Or) is not None:
                    continue  # `right.col IS NULL` is the anti-join pattern, not the mistake
                if any(column.table == alias for column in predicate.find_all(exp.Column)):
                    return Mistake(
                        "where-breaks-left-join",
                        "A WHERE condition turned your LEFT JOIN into an INNER JOIN",
                        f"The condition `{predicate.sql()}` in WHERE tests a column of `{alias}`, the right-hand "
                        "side of your LEFT JOIN. Rows with no match have NULL there, the condition is unknown, "
                        "and WHERE drops them, which undoes the LEFT JOIN: "
                        + _rows_phrase(e.diff)
                        + " Move that condition into the JOIN's ON clause.",
                        "sql-join",
                    )
    return None


def _count_star_outer_join(e: Evidence) -> Mistake | None:
    has_left = any(join.side == "LEFT" for join in e.tree.find_all(exp.Join))
    counts_star = any(isinstance(count.this, exp.Star) for count in e.tree.find_all(exp.Count))
    difference = e.diff.column_difference
    # The tell-tale: a group that should count 0 counts 1 (its one row of NULLs).
    if has_left and counts_star and difference is not None and difference.zero_became_one:
        return Mistake(
            "count-star-outer-join",
            "COUNT(*) counted the empty side of an outer join",
            "COUNT(*) counts rows, and a LEFT JOIN keeps one row even when nothing matched, so someone with "
            "no matches gets 1 instead of 0. Count a column from the right-hand table, e.g. "
            "COUNT(c.completion_id), which skips the NULLs.",
            "group-by-aggregates",
        )
    return None


def _integer_division(e: Evidence) -> Mistake | None:
    if e.dialect not in _INTEGER_DIVISION_DIALECTS:
        return None
    difference = e.diff.column_difference
    suspicious = (
        difference is not None
        and _is_whole(difference.example_actual)
        and not _is_whole(difference.example_expected)
    )
    if not suspicious and not (e.diff.missing_count and e.diff.actual_rows == e.diff.expected_rows):
        return None
    for division in e.tree.find_all(exp.Div):
        if _integer_operand(division.left, e.schema) and _integer_operand(division.right, e.schema):
            return Mistake(
                "integer-division",
                "Integer division threw away the fraction",
                f"`{division.sql(dialect=e.dialect)}` divides two whole numbers. In PostgreSQL and SQLite (and SQL "
                "Server and Redshift) that keeps only the whole part, so 7 / 10 is 0. Multiply by 1.0 or CAST one "
                "side to NUMERIC before dividing.",
                "group-by-aggregates",
            )
    return None


def _integer_operand(node: exp.Expr, schema: Schema, depth: int = 0) -> bool:
    """Whether an expression is a whole number, following CTE and subquery columns to their source."""
    if depth > 6:
        return False
    node = node.unnest() if isinstance(node, exp.Paren) else node
    if isinstance(node, exp.Filter):  # COUNT(...) FILTER (WHERE ...)
        return _integer_operand(node.this, schema, depth + 1)

    if isinstance(node, exp.Cast):
        return node.to.sql().upper() in _INTEGER_TYPES
    if isinstance(node, exp.Literal):
        return node.is_int
    if isinstance(node, exp.Count):
        return True
    if isinstance(node, exp.Sum):
        return _integer_operand(node.this, schema, depth + 1)
    if isinstance(node, exp.Column):
        kind = _column_type(node, schema)
        if kind:
            return kind in _INTEGER_TYPES
        source = _defined_as(node)  # a column a CTE or subquery computed
        return source is not None and _integer_operand(source, schema, depth + 1)
    if isinstance(node, exp.Mul | exp.Add | exp.Sub):
        return _integer_operand(node.left, schema, depth + 1) and _integer_operand(
            node.right, schema, depth + 1
        )
    if isinstance(node, exp.Subquery):
        select = node.this
        if isinstance(select, exp.Select) and len(select.expressions) == 1:
            return _integer_operand(select.expressions[0].unalias(), schema, depth + 1)
    return False


def _defined_as(column: exp.Column) -> exp.Expr | None:
    """The expression a CTE or subquery names with this column's name, if there is one."""
    root = column.root()
    for alias in root.find_all(exp.Alias):
        if alias.alias.lower() == column.name.lower() and alias.find_ancestor(
            exp.Select
        ) is not column.find_ancestor(exp.Select):
            return alias.this
    return None


def _column_type(column: exp.Column, schema: Schema) -> str:
    for columns in schema.values():
        kind = columns.get(column.name.lower())
        if kind:
            return kind.upper().split("(")[0]
    return ""


def _timestamp_upper_bound(e: Evidence) -> Mistake | None:
    if not e.diff.missing_count:
        return None
    for node in e.tree.find_all(exp.Between, exp.LTE):
        column = node.this
        bound = node.args.get("high") if isinstance(node, exp.Between) else node.expression
        if not isinstance(column, exp.Column) or not _column_type(column, e.schema).startswith(
            "TIMESTAMP"
        ):
            continue
        text = (
            bound.name
            if isinstance(bound, exp.Literal)
            else (
                bound.this.name
                if isinstance(bound, exp.Cast) and isinstance(bound.this, exp.Literal)
                else ""
            )
        )
        if len(text) == 10 and text[4] == "-":
            return Mistake(
                "timestamp-upper-bound",
                "The upper bound cut off most of the last day",
                f"`{node.sql(dialect=e.dialect)}` compares a timestamp with the date {text}, which means midnight at "
                f"the start of {text}. Everything later that day is left out: "
                + _rows_phrase(e.diff)
                + " Use a half-open range instead: `>= start AND < the day after the end`.",
                "sql-select-where",
            )
    return None


def _join_fan_out(e: Evidence) -> Mistake | None:
    joins = list(e.tree.find_all(exp.Join))
    if not joins:
        return None
    difference = e.diff.column_difference
    if difference is not None and difference.only_zero_became_one:
        return None  # that is COUNT(*) on an outer join's empty side, named by its own detector
    inflated = (difference is not None and difference.all_larger) or (
        difference is None and numbers_inflated(e.diff)
    )
    duplicated = e.diff.extra_are_duplicates

    if not (inflated or duplicated):
        return None
    # Blame a join only if this query counts across more joined tables than the answer does:
    # when the answer itself counts after the same joins, larger totals come from elsewhere.
    allowed = _most_multiplying_joins(e.reference) if e.reference is not None else 0
    if inflated and _most_multiplying_joins(e.tree) <= allowed:
        return None

    return Mistake(
        "join-fan-out",
        "A join multiplied rows before they were counted or summed",
        "Joining a table with several matching rows per key (a user's many subscriptions, completions or "
        "events) repeats the other side once per match, so "
        + ("totals come out too large" if inflated else "rows appear more than once")
        + (
            f" (expected {_show(difference.example_expected)}, you returned {_show(difference.example_actual)})"
            if inflated and difference
            else ""
        )
        + ". Aggregate each table in its own subquery or CTE first, then join the results; or count DISTINCT ids.",
        "sql-join",
    )


def _multiplying_joins(select: exp.Select) -> int:
    """How many tables a SELECT joins before counting or summing without DISTINCT (else 0).

    Whatever is counted after a join is counted once per match: the other side's row once
    per subscription, a learner once per retake. DISTINCT aggregates, and totals made in their
    own CTE before the join (joining a CTE, not a table), cannot be inflated that way.
    """
    ctes = {cte.alias_or_name.lower() for cte in select.root().find_all(exp.CTE)}
    tables = sum(
        1
        for join in select.args.get("joins") or []
        if isinstance(join.this, exp.Table) and join.this.name.lower() not in ctes
    )
    if not tables:
        return 0
    for aggregate in select.find_all(exp.Count, exp.Sum, exp.Avg):
        if aggregate.find_ancestor(exp.Select) is not select or aggregate.args.get("distinct"):
            continue
        if not isinstance(aggregate.this, exp.Distinct):
            return tables
    return 0


def _most_multiplying_joins(tree: exp.Expr) -> int:
    return max((_multiplying_joins(select) for select in _selects(tree)), default=0)


def _equals_null(e: Evidence) -> Mistake | None:

    for comparison in e.tree.find_all(exp.EQ, exp.NEQ):
        if isinstance(comparison.right, exp.Null) or isinstance(comparison.left, exp.Null):
            return Mistake(
                "equals-null",
                "= NULL matches nothing",
                f"`{comparison.sql(dialect=e.dialect)}` is never true: comparing anything with NULL gives unknown, "
                "not true, so no row passes. Test for missing values with IS NULL or IS NOT NULL.",
                "sql-null",
            )
    return None


def _inner_join_for_anti_join(e: Evidence) -> Mistake | None:
    if not e.diff.extra_count:
        return None
    anti_join = (
        any(
            isinstance(n.this, exp.Exists)
            or (isinstance(n.this, exp.In) and n.this.args.get("query"))
            for n in e.tree.find_all(exp.Not)
        )
        or any(j.side == "LEFT" for j in e.tree.find_all(exp.Join))
        or any(True for _ in e.tree.find_all(exp.Except))
    )
    inner_joins = [j for j in e.tree.find_all(exp.Join) if not j.side and j.kind in ("", "INNER")]
    if anti_join or not inner_joins:
        return None
    if not any(True for _ in e.tree.find_all(exp.NEQ)):
        return None
    return Mistake(
        "inner-join-for-anti-join",
        "An INNER JOIN cannot find what is missing",
        "The question asks for rows with no match (users who never did something). An INNER JOIN keeps only "
        "rows that do match, and a `<>` filter then keeps everyone who did anything else, so "
        + _rows_phrase(e.diff)
        + " Use an anti-join: NOT EXISTS (SELECT 1 FROM … WHERE …), or LEFT JOIN … ON … WHERE right.id IS NULL.",
        "sql-join",
    )


DETECTORS: dict[str, Callable[[Evidence], Mistake | None]] = {
    "not-in-null": _not_in_null,
    "where-breaks-left-join": _where_breaks_left_join,
    "count-star-outer-join": _count_star_outer_join,
    "integer-division": _integer_division,
    "timestamp-upper-bound": _timestamp_upper_bound,
    "join-fan-out": _join_fan_out,
    "equals-null": _equals_null,
    "inner-join-for-anti-join": _inner_join_for_anti_join,
}


def detect_mistakes(evidence: Evidence) -> list[Mistake]:
    found = []
    for detector in DETECTORS.values():
        mistake = detector(evidence)
        if mistake is not None:
            found.append(mistake)
    return found


def describe_diff(diff: Diff, column_names: tuple[str, ...]) -> list[str]:
    """Plain-English sentences about how the result differs from the answer."""
    lines = []
    if diff.actual_columns != diff.expected_columns:
        return [
            f"Your query returns {diff.actual_columns} column{'s' if diff.actual_columns != 1 else ''}; the answer has "
            f"{diff.expected_columns}: {', '.join(column_names)}, in that order."
        ]
    if diff.actual_rows != diff.expected_rows:
        direction = "more" if diff.actual_rows > diff.expected_rows else "fewer"
        lines.append(
            f"Your query returns {diff.actual_rows:,} rows; the answer has {diff.expected_rows:,} ({direction} rows than expected)."
        )
    if diff.missing_count:
        lines.append(
            f"{diff.missing_count:,} row{'s are' if diff.missing_count != 1 else ' is'} in the answer but not in yours."
        )
    if diff.extra_count:
        lines.append(
            f"{diff.extra_count:,} row{'s are' if diff.extra_count != 1 else ' is'} in yours but not in the answer."
        )
    difference = diff.column_difference
    if difference is not None:
        name = (
            column_names[difference.column]
            if difference.column < len(column_names)
            else f"column {difference.column + 1}"
        )
        lines.append(
            f"Everything matches except column {difference.column + 1} ({name}), which differs in "
            f"{difference.rows_affected:,} row{'s' if difference.rows_affected != 1 else ''}: for example the answer has "
            f"{_show(difference.example_expected)} where you have {_show(difference.example_actual)}."
            + _value_hint(difference.example_expected, difference.example_actual)
        )
    if diff.order_problem:
        lines.append(f"The rows are right but not in the order asked for: {diff.order_problem}.")
    return lines


def _value_hint(expected: Any, actual: Any) -> str:
    if actual is None and expected is not None:
        return " A NULL where a value belongs often means an outer join found no match; COALESCE can supply a default."
    if (
        _is_number(expected)
        and _is_number(actual)
        and actual
        and expected
        and abs(expected / actual - 100) < 1e-6
    ):
        return " The answer is 100 times yours: the question may want a percentage."
    if (
        _is_number(expected)
        and _is_number(actual)
        and actual
        and expected
        and abs(actual / expected - 100) < 1e-6
    ):
        return " Yours is 100 times the answer: the question may want a fraction, not a percentage."
    return ""


def _rows_phrase(diff: Diff) -> str:
    return f"you return {diff.actual_rows:,} rows where the answer has {diff.expected_rows:,}."


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_whole(value: Any) -> bool:
    return _is_number(value) and float(value).is_integer()


def _show(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)

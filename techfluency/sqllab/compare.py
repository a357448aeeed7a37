"""Compare a learner's result set with the expected one, under an exercise's contract.

Pure logic (standard library only). The contract fixes what "the same answer" means:
- columns are matched by position; their names (aliases) never matter;
- rows are a multiset: order is ignored unless the exercise declares sort keys, and then
  only those keys are checked (rows tied on them may come in any order); duplicates count;
- numbers are equal within the exercise's decimal places, so 9.0 = 9 and 0.333333 = 1/3;
- dates and timestamps are compared as values: a timestamp at midnight equals its date,
  and time zones are normalised to UTC before the values reach this module.
"""

import datetime
import gc
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

DEFAULT_DECIMALS = 6
MAX_ROWS_SHOWN = 10
_TEMPORAL = ("DATE", "TIMESTAMP", "TIME")
_NUMERIC = ("INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT", "UINTEGER", "USMALLINT",
            "UTINYINT", "DOUBLE", "FLOAT", "REAL", "DECIMAL", "NUMERIC", "UHUGEINT", "VARINT", "BIGNUM")  # fmt: skip


@dataclass(frozen=True)
class SortKey:
    column: int  # 0-based position in the result
    descending: bool = False


@dataclass(frozen=True)
class Contract:
    columns: int
    decimals: int = DEFAULT_DECIMALS
    sort_keys: tuple[SortKey, ...] = ()


@dataclass(frozen=True)
class ColumnDifference:
    column: int
    rows_affected: int
    example_expected: Any
    example_actual: Any
    # Every differing value is a number larger than the answer's (a sign of rows multiplied).
    all_larger: bool = False
    # Some row has 1 where the answer has 0 (COUNT(*) counting an outer join's empty side).
    zero_became_one: bool = False
    # Every differing value is such a 0 that became 1.
    only_zero_became_one: bool = False


@dataclass
class Diff:
    expected_rows: int
    actual_rows: int
    expected_columns: int
    actual_columns: int
    missing: list[tuple[Any, ...]] = field(default_factory=list)  # expected, not returned
    extra: list[tuple[Any, ...]] = field(default_factory=list)  # returned, not expected
    missing_count: int = 0
    extra_count: int = 0
    column_difference: ColumnDifference | None = None
    order_problem: str | None = None
    # Every row is right and the extra ones repeat right rows (rows multiplied by a join).
    extra_are_duplicates: bool = False

    @property
    def same(self) -> bool:
        return (
            self.expected_columns == self.actual_columns
            and self.missing_count == 0
            and self.extra_count == 0
            and self.order_problem is None
        )


def kind_of(duckdb_type: str) -> str:
    upper = duckdb_type.upper()
    if upper.startswith(_TEMPORAL):
        return "temporal"
    if upper.startswith(_NUMERIC):
        return "number"
    return "other"


def _number(decimals: int | None) -> Callable[[Any], Any]:
    def normalise_number(value: Any) -> Any:
        # Whole numbers need nothing: Python's 9 == 9.0 and they hash alike, so a count
        # matches a decimal count in a multiset without converting anything.
        if type(value) is not float:
            return value
        number = value if decimals is None else round(value, decimals)
        return number + 0.0  # -0.0 and 0.0 are one value

    return normalise_number


def _temporal(value: Any) -> Any:
    return _normalise_temporal(value) if isinstance(value, str) else value


def _text(value: Any) -> Any:
    """Text that is an ISO date or time compares as that moment (a learner may cast to text)."""
    if (
        isinstance(value, str)
        and len(value) >= 10
        and value[4] == "-"
        and value[7] == "-"
        and value[:4].isdigit()
    ):
        return _normalise_temporal(value)
    return value


# Column types whose values arrive as Python ints (or None) and so compare as they are.
_WHOLE = (
    "INTEGER",
    "BIGINT",
    "SMALLINT",
    "TINYINT",
    "HUGEINT",
    "UBIGINT",
    "UINTEGER",
    "USMALLINT",
    "UTINYINT",
)


def normalisers(types: list[str], decimals: int | None) -> list[Callable[[Any], Any] | None]:
    """One function per column that turns a value into its comparable form (None: as it is)."""
    number = _number(decimals)
    functions: list[Callable[[Any], Any] | None] = []
    for duckdb_type in types:
        kind = kind_of(duckdb_type)
        if kind == "number" and duckdb_type.upper() in _WHOLE:
            functions.append(None)
        elif kind == "temporal":
            functions.append(_temporal)
        elif duckdb_type.upper().startswith("VARCHAR"):
            functions.append(_text)

        else:
            functions.append(number)  # floats and decimals rounded; text and booleans untouched
    return functions


def normalise(value: Any, kind: str, decimals: int | None) -> Any:
    """The comparable form of one value; numbers rounded to `decimals` unless it is None."""
    return _temporal(value) if kind == "temporal" else _number(decimals)(value)


def _normalise_temporal(text: str) -> str:
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    if moment.time() == datetime.time(0):
        return moment.date().isoformat()
    return moment.isoformat(sep=" ")


def normalise_rows(
    rows: list[list[Any]], types: list[str], decimals: int | None
) -> list[tuple[Any, ...]]:
    """Normalise column by column: map() over a column is far quicker than a loop per value."""
    functions = normalisers(types, decimals)
    if not rows:
        return []
    if any(len(row) != len(functions) for row in rows):
        number = _number(decimals)
        return [tuple(map(number, row)) for row in rows]
    if all(f is None for f in functions):
        return list(map(tuple, rows))
    columns = [
        list(column) if f is None else list(map(f, column))
        for f, column in zip(functions, zip(*rows, strict=True), strict=True)
    ]
    return list(zip(*columns, strict=True))


@dataclass
class Prepared:
    """A result set ready to compare: normalised once, so a cached answer is not redone."""

    rows: list[tuple[Any, ...]]
    counts: Counter[tuple[Any, ...]]
    columns: int
    original: list[list[Any]]
    types: list[str]


def prepare(rows: list[list[Any]], types: list[str], decimals: int) -> Prepared:
    gc_was_on = gc.isenabled()
    gc.disable()  # tuples without cycles: a collection here only costs time (see sandbox.gc_paused)
    try:
        normalised = normalise_rows(rows, types, decimals)
    finally:
        if gc_was_on:
            gc.enable()
    return Prepared(
        rows=normalised, counts=Counter(normalised), columns=len(types), original=rows, types=types
    )


def _sort_token(value: Any) -> tuple[int, Any]:
    # None sorts apart from everything; mixed types compare by their text.
    if value is None:
        return (0, "")
    if isinstance(value, int | float):
        return (1, float(value))
    return (2, str(value))


def compare(
    *,
    expected_rows: list[list[Any]],
    expected_types: list[str],
    actual_rows: list[list[Any]],
    actual_types: list[str],
    contract: Contract,
) -> Diff:
    return compare_prepared(
        prepare(expected_rows, expected_types, contract.decimals),
        prepare(actual_rows, actual_types, contract.decimals),
        contract,
    )


def compare_prepared(expected: Prepared, actual: Prepared, contract: Contract) -> Diff:
    diff = Diff(
        expected_rows=len(expected.rows),
        actual_rows=len(actual.rows),
        expected_columns=contract.columns,
        actual_columns=actual.columns,
    )
    if diff.actual_columns != diff.expected_columns:
        diff.missing_count, diff.extra_count = len(expected.rows), len(actual.rows)
        diff.missing, diff.extra = expected.rows[:MAX_ROWS_SHOWN], actual.rows[:MAX_ROWS_SHOWN]
        return diff
    if expected.counts == actual.counts:
        if contract.sort_keys:
            diff.order_problem = _order_problem(actual.rows, contract.sort_keys)
        return diff

    missing = expected.counts.copy()
    missing.subtract(actual.counts)
    extra = Counter({row: -count for row, count in missing.items() if count < 0})
    missing = Counter({row: count for row, count in missing.items() if count > 0})
    raw = _raw_by_key(expected)
    raw.update(_raw_by_key(actual))
    _cancel_near_misses(missing, extra, raw, 0.5 * 10.0**-contract.decimals)
    diff.missing_count = sum(missing.values())
    diff.extra_count = sum(extra.values())
    diff.extra_are_duplicates = (
        diff.missing_count == 0
        and diff.extra_count > 0
        and all(row in expected.counts for row in extra)
    )

    diff.missing = _sorted_rows(missing.elements())[:MAX_ROWS_SHOWN]
    diff.extra = _sorted_rows(extra.elements())[:MAX_ROWS_SHOWN]
    if diff.missing_count or diff.extra_count:
        diff.column_difference = _culprit_column(expected.rows, actual.rows)
    elif contract.sort_keys:
        diff.order_problem = _order_problem(actual.rows, contract.sort_keys)
    return diff


def _raw_by_key(prepared: Prepared) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """Each rounded row's unrounded values, to judge rows that round to either side of a boundary."""
    return dict(
        zip(prepared.rows, normalise_rows(prepared.original, prepared.types, None), strict=True)
    )


def _sorted_rows(rows: Any) -> list[tuple[Any, ...]]:
    return sorted(rows, key=lambda row: tuple(_sort_token(value) for value in row))


def _cancel_near_misses(
    missing: Counter[tuple[Any, ...]],
    extra: Counter[tuple[Any, ...]],
    raw: dict[tuple[Any, ...], tuple[Any, ...]],
    tolerance: float,
) -> None:
    """Match leftover rows whose unrounded numbers are within the tolerance of each other."""
    if not missing or not extra or len(missing) * len(extra) > 250_000:
        return
    for row in list(missing):
        for candidate in list(extra):
            close = _close(raw.get(row, row), raw.get(candidate, candidate), tolerance)
            while missing[row] > 0 and extra[candidate] > 0 and close:
                missing[row] -= 1
                extra[candidate] -= 1
    for counter in (missing, extra):
        for row in [row for row, count in counter.items() if count <= 0]:
            del counter[row]


def _close(left: tuple[Any, ...], right: tuple[Any, ...], tolerance: float) -> bool:
    for a, b in zip(left, right, strict=True):
        if isinstance(a, float) and isinstance(b, float):
            if not math.isclose(a, b, abs_tol=tolerance):
                return False
        elif a != b:
            return False
    return True


def _culprit_column(
    expected: list[tuple[Any, ...]], actual: list[tuple[Any, ...]]
) -> ColumnDifference | None:
    """The one column that, set aside, makes the results equal; None if no single column does."""
    if len(expected) != len(actual) or not expected:
        return None
    width = len(expected[0])
    for column in range(width):

        def without(rows: list[tuple[Any, ...]], col: int = column) -> Counter[tuple[Any, ...]]:
            return Counter(row[:col] + row[col + 1 :] for row in rows)

        if without(expected) == without(actual):
            pairs = _pair_rows_on_other_columns(expected, actual, column)
            differing = [(e, a) for e, a in pairs if e[column] != a[column]]
            example = differing[0] if differing else (expected[0], actual[0])
            values = [(e[column], a[column]) for e, a in differing]
            return ColumnDifference(
                column=column,
                rows_affected=len(differing),
                example_expected=example[0][column],
                example_actual=example[1][column],
                all_larger=bool(values)
                and all(_is_number(a) and _is_number(e) and a > e for e, a in values),
                zero_became_one=any(e == 0 and a == 1 for e, a in values),
                only_zero_became_one=bool(values) and all(e == 0 and a == 1 for e, a in values),
            )

    return None


def _pair_rows_on_other_columns(
    expected: list[tuple[Any, ...]], actual: list[tuple[Any, ...]], column: int
) -> list[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    def rest(row: tuple[Any, ...]) -> tuple[Any, ...]:
        return row[:column] + row[column + 1 :]

    by_rest: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for row in actual:
        by_rest.setdefault(rest(row), []).append(row)
    pairs = []
    for row in expected:
        bucket = by_rest.get(rest(row))
        if bucket:
            pairs.append((row, bucket.pop()))
    return pairs


def _order_problem(rows: list[tuple[Any, ...]], keys: tuple[SortKey, ...]) -> str | None:
    """Describe the first place where the rows are out of the declared order, if any."""
    for index in range(1, len(rows)):
        previous, current = rows[index - 1], rows[index]
        for key in keys:
            a, b = _sort_token(previous[key.column]), _sort_token(current[key.column])
            if a == b:
                continue
            in_order = a > b if key.descending else a < b
            if not in_order:
                return f"row {index + 1} comes after row {index} but should come before it"
            break
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def numbers_inflated(diff: Diff) -> bool:
    """The wrong rows look like the right ones with some numbers made larger.

    Pairs each extra row with a missing row that agrees on every non-numeric value (or the
    only missing row), and asks whether the numbers that differ are mostly larger.
    """
    if not diff.missing or not diff.extra or diff.missing_count != diff.extra_count:
        return False
    larger = smaller = 0
    for wrong in diff.extra:
        key = tuple(v for v in wrong if not _is_number(v))
        right = next(
            (row for row in diff.missing if tuple(v for v in row if not _is_number(v)) == key), None
        )
        if right is None:
            return False
        for expected, actual in zip(right, wrong, strict=False):
            if _is_number(expected) and _is_number(actual) and expected != actual:
                larger += actual > expected
                smaller += actual < expected
    return larger > 0 and larger >= 2 * smaller

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
import math
from collections import Counter
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


def normalise(value: Any, kind: str, decimals: int | None) -> Any:
    """The comparable form of one value; numbers rounded to `decimals` unless it is None."""
    if value is None:
        return None
    if kind == "number" or (isinstance(value, int | float) and not isinstance(value, bool)):
        if isinstance(value, str):  # NaN and infinities travel as text
            return value
        number = float(value) if decimals is None else round(float(value), decimals)
        return 0.0 if number == 0 else number  # -0.0 and 0.0 are one value
    if kind == "temporal" and isinstance(value, str):
        return _normalise_temporal(value)
    return value


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
    kinds = [kind_of(t) for t in types]
    return [
        tuple(
            normalise(value, kinds[i] if i < len(kinds) else "other", decimals)
            for i, value in enumerate(row)
        )
        for row in rows
    ]


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
    expected = normalise_rows(expected_rows, expected_types, contract.decimals)
    actual = normalise_rows(actual_rows, actual_types, contract.decimals)
    diff = Diff(
        expected_rows=len(expected),
        actual_rows=len(actual),
        expected_columns=contract.columns,
        actual_columns=len(actual_types),
    )
    if diff.actual_columns != diff.expected_columns:
        diff.missing_count, diff.extra_count = len(expected), len(actual)
        diff.missing, diff.extra = expected[:MAX_ROWS_SHOWN], actual[:MAX_ROWS_SHOWN]
        return diff

    missing = Counter(expected)
    missing.subtract(Counter(actual))
    extra = Counter({row: -count for row, count in missing.items() if count < 0})
    missing = Counter({row: count for row, count in missing.items() if count > 0})
    _cancel_near_misses(missing, extra, 10.0**-contract.decimals)
    diff.missing_count = sum(missing.values())
    diff.extra_count = sum(extra.values())
    diff.missing = _sorted_rows(missing.elements())[:MAX_ROWS_SHOWN]
    diff.extra = _sorted_rows(extra.elements())[:MAX_ROWS_SHOWN]
    if diff.missing_count or diff.extra_count:
        diff.column_difference = _culprit_column(expected, actual)
    elif contract.sort_keys:
        diff.order_problem = _order_problem(actual, contract.sort_keys)
    return diff


def _sorted_rows(rows: Any) -> list[tuple[Any, ...]]:
    return sorted(rows, key=lambda row: tuple(_sort_token(value) for value in row))


def _cancel_near_misses(
    missing: Counter[tuple[Any, ...]], extra: Counter[tuple[Any, ...]], tolerance: float
) -> None:
    """Match leftover rows that differ only by rounding at the edge of the tolerance."""
    if not missing or not extra or len(missing) * len(extra) > 250_000:
        return
    for row in list(missing):
        for candidate in list(extra):
            while missing[row] > 0 and extra[candidate] > 0 and _close(row, candidate, tolerance):
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
            return ColumnDifference(
                column=column,
                rows_affected=len(differing),
                example_expected=example[0][column],
                example_actual=example[1][column],
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

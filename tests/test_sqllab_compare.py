"""Result-set comparison, dialect translation and mistake detection (pure logic)."""

import random

import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st

from techfluency.sqllab import dialects
from techfluency.sqllab.compare import Contract, SortKey, compare
from techfluency.sqllab.feedback import Evidence, describe_diff, detect_mistakes

INT, DBL, TXT, TS, DATE = "BIGINT", "DOUBLE", "VARCHAR", "TIMESTAMP WITH TIME ZONE", "DATE"


def same(expected, actual, *, types=None, actual_types=None, contract=None):
    types = types or [INT] * len((expected or actual)[0])
    width = len(types)
    return compare(
        expected_rows=expected,
        expected_types=types,
        actual_rows=actual,
        actual_types=actual_types or types,
        contract=contract or Contract(columns=width),
    )


def test_nine_point_zero_equals_nine():
    assert same([[9]], [[9.0]], types=[INT], actual_types=[DBL]).same


def test_decimals_in_the_contract_set_the_tolerance():
    contract = Contract(columns=1, decimals=2)
    assert same([[0.3333]], [[1 / 3]], types=[DBL], contract=contract).same
    assert not same([[0.34]], [[1 / 3]], types=[DBL], contract=contract).same


def test_rounding_at_the_edge_of_the_tolerance_still_matches():
    contract = Contract(columns=1, decimals=2)
    assert same([[0.125]], [[0.12499999]], types=[DBL], contract=contract).same


def test_duplicates_matter():
    diff = same([[1], [1], [2]], [[1], [2]])
    assert not diff.same and diff.missing == [(1.0,)] and diff.missing_count == 1


def test_nulls_match_nulls_and_nothing_else():
    assert same([[None, 1]], [[None, 1]]).same
    assert not same([[None, 1]], [[0, 1]]).same


def test_midnight_timestamp_equals_its_date_and_zones_are_normalised():
    assert same(
        [["2026-03-01"]], [["2026-03-01 00:00:00"]], types=[DATE], actual_types=["TIMESTAMP"]
    ).same
    assert same([["2026-03-01 10:00:00"]], [["2026-03-01T10:00:00+00:00"]], types=[TS]).same
    assert same([["2026-03-01 10:00:00"]], [["2026-03-01 15:30:00+05:30"]], types=[TS]).same


def test_a_timestamp_cast_to_text_still_matches():
    assert same(
        [["2026-03-01 10:00:00+00:00"]],
        [["2026-03-01 10:00:00"]],
        types=[TS],
        actual_types=["VARCHAR"],
    ).same
    assert not same([["a@example.com"]], [["b@example.com"]], types=["VARCHAR"]).same


def test_order_is_checked_only_on_declared_keys_with_ties_free():

    contract = Contract(columns=2, sort_keys=(SortKey(0, descending=True),))
    expected = [[3, "c"], [2, "a"], [2, "b"]]
    assert same(expected, [[3, "c"], [2, "b"], [2, "a"]], types=[INT, TXT], contract=contract).same
    wrong = same(expected, [[2, "a"], [3, "c"], [2, "b"]], types=[INT, TXT], contract=contract)
    assert not wrong.same and wrong.order_problem


def test_order_is_ignored_without_sort_keys():
    assert same([[1], [2], [3]], [[3], [1], [2]]).same


def test_wrong_column_count_is_reported():
    diff = same([[1, 2]], [[1]], types=[INT, INT], actual_types=[INT], contract=Contract(columns=2))
    assert not diff.same and diff.actual_columns == 1
    assert "returns 1 column; the answer has 2" in describe_diff(diff, ("a", "b"))[0]


def test_the_one_differing_column_is_named_with_an_example():
    diff = same([[1, 10], [2, 20], [3, 30]], [[1, 10], [2, 21], [3, 30]])
    assert diff.column_difference is not None
    assert (diff.column_difference.column, diff.column_difference.rows_affected) == (1, 1)
    text = " ".join(describe_diff(diff, ("user_id", "lessons")))
    assert "column 2 (lessons)" in text and "the answer has 20 where you have 21" in text


def test_missing_and_extra_rows_are_capped_at_ten():
    diff = same([[i] for i in range(30)], [[i] for i in range(15, 45)])
    assert diff.missing_count == 15 and len(diff.missing) == 10
    assert diff.extra_count == 15 and len(diff.extra) == 10


rows = st.lists(
    st.tuples(
        st.integers(-5, 5),
        st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False)),
        st.text(max_size=3),
    ),
    max_size=20,
)


@settings(max_examples=200, deadline=None)
@given(rows, st.randoms(use_true_random=False))
def test_grading_ignores_row_order_and_column_names(data, rng):
    expected = [list(row) for row in data]
    shuffled = expected[:]
    rng.shuffle(shuffled)
    # Column names never reach the comparison: only positions and types do.
    assert same(expected, shuffled, types=[INT, DBL, TXT]).same


@settings(max_examples=200, deadline=None)
@given(rows)
def test_integers_and_their_float_forms_compare_equal(data):
    expected = [list(row) for row in data]
    as_floats = [[float(a), b, c] for a, b, c in data]
    assert same(expected, as_floats, types=[INT, DBL, TXT], actual_types=[DBL, DBL, TXT]).same


# --- dialects ------------------------------------------------------------------------------------

SCHEMA = {
    "users": {
        "user_id": "BIGINT",
        "created_at": "TIMESTAMP WITH TIME ZONE",
        "country_code": "VARCHAR",
    }
}


def test_postgres_integer_division_stays_integer_on_duckdb():
    sql = dialects.to_duckdb(
        "SELECT COUNT(country_code) / COUNT(*) AS share FROM users", "postgres", SCHEMA
    )
    assert "TRUNC" in sql or "//" in sql


def test_mysql_division_stays_fractional():
    sql = dialects.to_duckdb(
        "SELECT COUNT(country_code) / COUNT(*) AS share FROM users", "mysql", SCHEMA
    )
    assert "TRUNC" not in sql and "//" not in sql


def test_dialects_translate_their_own_syntax():
    assert "INTERVAL" in dialects.to_duckdb(
        "SELECT DATE_SUB(created_at, INTERVAL 30 DAY) FROM users", "mysql", SCHEMA
    )
    assert "CASE WHEN" in dialects.to_duckdb(
        "SELECT IFF(user_id > 1, 'a', 'b') FROM users", "snowflake", SCHEMA
    )


def test_untranslatable_construct_is_named():
    with pytest.raises(dialects.TranslationError, match="FOR UPDATE"):
        dialects.to_duckdb("SELECT user_id FROM users FOR UPDATE", "postgres", SCHEMA)


def test_unreadable_sql_names_the_dialect():
    with pytest.raises(dialects.TranslationError, match="not valid MySQL SQL"):
        dialects.to_duckdb("SELECT FROM WHERE (", "mysql", SCHEMA)


# --- mistakes ------------------------------------------------------------------------------------

BIG_SCHEMA = {
    "users": {
        "user_id": "BIGINT",
        "created_at": "TIMESTAMP WITH TIME ZONE",
        "is_internal": "BOOLEAN",
    },
    "events": {"user_id": "BIGINT", "event_name": "VARCHAR"},
    "lesson_completions": {"completion_id": "BIGINT", "user_id": "BIGINT", "score_pct": "SMALLINT"},
}


def mistakes_for(sql, diff, dialect="postgres"):
    tree = sqlglot.parse_one(sql, read=dialect)
    evidence = Evidence(
        tree=tree, dialect=dialect, diff=diff, schema=BIG_SCHEMA, column_names=("a", "b")
    )
    return [m.code for m in detect_mistakes(evidence)]


def fewer_rows():
    return same([[1], [2], [3]], [])


def test_not_in_over_nullable_subquery_is_named():
    sql = "SELECT user_id FROM users WHERE user_id NOT IN (SELECT user_id FROM events WHERE event_name = 'x')"
    assert "not-in-null" in mistakes_for(sql, fewer_rows())


def test_not_in_is_not_blamed_when_the_rows_are_right_shaped():
    sql = "SELECT user_id FROM users WHERE user_id NOT IN (SELECT user_id FROM events)"
    assert "not-in-null" not in mistakes_for(sql, same([[1]], [[1], [2]]))


def test_where_on_the_right_table_of_a_left_join_is_named():
    sql = (
        "SELECT u.user_id FROM users u LEFT JOIN events e ON e.user_id = u.user_id "
        "WHERE e.event_name = 'onboarding_completed'"
    )
    assert "where-breaks-left-join" in mistakes_for(sql, fewer_rows())
    anti = "SELECT u.user_id FROM users u LEFT JOIN events e ON e.user_id = u.user_id WHERE e.user_id IS NULL"
    assert "where-breaks-left-join" not in mistakes_for(anti, fewer_rows())


def test_count_star_on_an_outer_join_is_named():
    sql = "SELECT u.user_id, COUNT(*) FROM users u LEFT JOIN lesson_completions c ON c.user_id = u.user_id GROUP BY 1"
    diff = same([[1, 0], [2, 3]], [[1, 1], [2, 3]])
    assert "count-star-outer-join" in mistakes_for(sql, diff)


def test_integer_division_is_named_in_postgres_not_in_mysql():
    sql = "SELECT COUNT(e.user_id) / COUNT(*) AS share FROM events e"
    diff = same([[0.43]], [[0]], types=[DBL], actual_types=[INT])
    assert "integer-division" in mistakes_for(sql, diff, "postgres")
    assert "integer-division" not in mistakes_for(sql, diff, "mysql")


def test_between_with_a_date_on_a_timestamp_is_named():
    sql = "SELECT user_id FROM users WHERE created_at BETWEEN '2026-03-01' AND '2026-03-31'"
    assert "timestamp-upper-bound" in mistakes_for(sql, fewer_rows())
    half_open = (
        "SELECT user_id FROM users WHERE created_at >= '2026-03-01' AND created_at < '2026-04-01'"
    )
    assert "timestamp-upper-bound" not in mistakes_for(half_open, fewer_rows())


def test_join_fan_out_is_named_when_totals_are_inflated():
    sql = "SELECT u.user_id, SUM(c.score_pct) FROM users u JOIN lesson_completions c ON c.user_id = u.user_id JOIN events e ON e.user_id = u.user_id GROUP BY 1"
    diff = same([[1, 100], [2, 50]], [[1, 300], [2, 50]])
    assert "join-fan-out" in mistakes_for(sql, diff)


def test_equals_null_is_named():
    assert "equals-null" in mistakes_for(
        "SELECT user_id FROM users WHERE is_internal = NULL", fewer_rows()
    )


def test_inner_join_where_an_anti_join_was_needed_is_named():
    sql = "SELECT DISTINCT u.user_id FROM users u JOIN events e ON e.user_id = u.user_id WHERE e.event_name <> 'onboarding_completed'"
    extra = same([[1]], [[1], [2], [3]])
    assert "inner-join-for-anti-join" in mistakes_for(sql, extra)
    proper = "SELECT u.user_id FROM users u WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.user_id = u.user_id AND e.event_name = 'x')"
    assert "inner-join-for-anti-join" not in mistakes_for(proper, extra)


def test_random_rows_never_crash_the_detectors():
    rng = random.Random(3)
    for _ in range(50):
        expected = [[rng.randint(0, 3), rng.random()] for _ in range(rng.randint(0, 6))]
        actual = [[rng.randint(0, 3), rng.random()] for _ in range(rng.randint(0, 6))]
        diff = (
            same(expected, actual, types=[INT, DBL])
            if expected or actual
            else same([[1, 1.0]], [[1, 1.0]], types=[INT, DBL])
        )
        mistakes_for("SELECT a, b FROM t LEFT JOIN u ON t.x = u.x WHERE u.y = 1", diff)

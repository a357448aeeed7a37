"""The SQL Lab's Bytewise dataset (curriculum §3.3): its schema, the twelve quirks, determinism.

The small size is built once for the module and read with SQL, as the exercises will read it.
Rates are checked loosely where the small size has only a few hundred rows behind them; the
full size (SQLLAB_FULL_DATASET_TEST=1) is checked for size and build time.
"""

import os
from pathlib import Path

import duckdb
import pytest

from techfluency.sqllab.dataset import SIZES, TABLES, build_dataset

SMALL = SIZES["small"]
REAL = SMALL["real"]  # ordinary sign-ups in the small size (load-test accounts come on top)

EXPECTED_COLUMNS = {
    "users": [
        ("user_id", "BIGINT"), ("email", "VARCHAR"), ("created_at", "TIMESTAMP WITH TIME ZONE"),
        ("signup_platform", "VARCHAR"), ("country_code", "VARCHAR"), ("timezone", "VARCHAR"),
        ("acquisition_channel", "VARCHAR"), ("referred_by_user_id", "BIGINT"),
        ("is_internal", "BOOLEAN"), ("deleted_at", "TIMESTAMP WITH TIME ZONE"),
    ],
    "lessons": [
        ("lesson_id", "INTEGER"), ("area", "VARCHAR"), ("title", "VARCHAR"), ("difficulty", "SMALLINT"),
        ("is_premium", "BOOLEAN"), ("version", "INTEGER"), ("published_at", "DATE"), ("retired_at", "DATE"),
    ],
    "lesson_completions": [
        ("completion_id", "BIGINT"), ("user_id", "BIGINT"), ("lesson_id", "INTEGER"),
        ("lesson_version", "INTEGER"), ("completed_at", "TIMESTAMP WITH TIME ZONE"), ("local_date", "DATE"),
        ("score_pct", "SMALLINT"), ("xp_earned", "INTEGER"), ("platform", "VARCHAR"),
    ],
    "subscriptions": [
        ("subscription_id", "BIGINT"), ("user_id", "BIGINT"), ("plan", "VARCHAR"), ("status", "VARCHAR"),
        ("started_at", "TIMESTAMP WITH TIME ZONE"), ("first_paid_at", "TIMESTAMP WITH TIME ZONE"),
        ("canceled_at", "TIMESTAMP WITH TIME ZONE"), ("amount_cents", "INTEGER"), ("currency", "VARCHAR"),
    ],
    "fx_rates": [("currency", "VARCHAR"), ("usd_per_unit", "DECIMAL(12,6)")],
    "events": [
        ("row_id", "BIGINT"), ("event_id", "UUID"), ("event_name", "VARCHAR"), ("user_id", "BIGINT"),
        ("anonymous_id", "VARCHAR"), ("session_id", "VARCHAR"), ("event_ts", "TIMESTAMP WITH TIME ZONE"),
        ("received_at", "TIMESTAMP WITH TIME ZONE"), ("source", "VARCHAR"), ("platform", "VARCHAR"),
        ("app_version", "VARCHAR"), ("properties", "JSON"),
    ],
    "identity_map": [
        ("anonymous_id", "VARCHAR"), ("user_id", "BIGINT"), ("first_linked_at", "TIMESTAMP WITH TIME ZONE"),
    ],
    "experiment_assignments": [
        ("assignment_id", "BIGINT"), ("experiment_id", "VARCHAR"), ("user_id", "BIGINT"),
        ("variant", "VARCHAR"), ("assigned_at", "TIMESTAMP WITH TIME ZONE"),
    ],
    "app_releases": [
        ("platform", "VARCHAR"), ("app_version", "VARCHAR"), ("released_at", "TIMESTAMP WITH TIME ZONE"),
        ("notes", "VARCHAR"),
    ],
    "calendar": [("date_day", "DATE"), ("week_start", "DATE"), ("is_weekend", "BOOLEAN")],
}  # fmt: skip

CHECKSUM = "SELECT count(*), sum(hash(t)) FROM {table} AS t"


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(path), read_only=True)
    connection.execute("SET TimeZone = 'UTC'")
    return connection


def checksums(path: Path) -> dict[str, object]:
    connection = connect(path)
    try:
        sums: dict[str, object] = {
            table: connection.execute(CHECKSUM.format(table=table)).fetchone() for table in TABLES
        }
        # The stored order is part of the contract too: the lab shows `SELECT * … LIMIT 3` samples.
        sums["first_events"] = tuple(connection.execute("SELECT * FROM events LIMIT 5").fetchall())
        sums["first_users"] = tuple(connection.execute("SELECT * FROM users LIMIT 5").fetchall())
        return sums
    finally:
        connection.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("bytewise") / "small.duckdb"
    counts = build_dataset(path, size="small", seed=1)
    return path, counts


@pytest.fixture(scope="module")
def db(built):
    connection = connect(built[0])
    yield connection
    connection.close()


def one(db, sql: str):
    return db.execute(sql).fetchone()


def scalar(db, sql: str):
    return one(db, sql)[0]


# ---------------------------------------------------------------------- schema


def test_build_is_atomic_and_returns_row_counts(built, db):
    path, counts = built
    assert path.exists() and not path.with_suffix(".tmp").exists()
    assert set(counts) == set(TABLES)
    for table, count in counts.items():
        assert scalar(db, f"SELECT count(*) FROM {table}") == count
    assert counts["users"] == REAL + SMALL["loadtest"]
    assert counts["lessons"] == 120 and counts["calendar"] == 365 and counts["fx_rates"] == 4
    # about 1/25 of the full size: 2k users, ~24k completions, ~120k events
    assert 18_000 <= counts["lesson_completions"] <= 32_000
    assert 80_000 <= counts["events"] <= 160_000


def test_schema_has_the_tables_columns_and_types_of_the_spec(db):
    tables = {row[0] for row in db.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert tables == set(EXPECTED_COLUMNS)
    for table, columns in EXPECTED_COLUMNS.items():
        actual = db.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
        assert actual == columns, table


def test_schema_keys_checks_and_index(db):
    constraints = db.execute(
        "SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints()"
    ).fetchall()
    primary = {(t, text) for t, kind, text in constraints if kind == "PRIMARY KEY"}
    assert ("identity_map", "PRIMARY KEY(anonymous_id, user_id)") in primary
    assert ("app_releases", "PRIMARY KEY(platform, app_version)") in primary
    assert {t for t, _ in primary} == set(EXPECTED_COLUMNS)
    assert any(t == "users" and kind == "UNIQUE" for t, kind, _ in constraints)
    foreign = {t for t, kind, _ in constraints if kind == "FOREIGN KEY"}
    assert foreign == {
        "users",
        "lesson_completions",
        "subscriptions",
        "identity_map",
        "experiment_assignments",
    }
    checks = " ".join(text for _, kind, text in constraints if kind == "CHECK")
    for fragment in ("signup_platform", "area", "difficulty", "plan", "status", "source"):
        assert fragment in checks
    index = one(
        db,
        "SELECT table_name, sql FROM duckdb_indexes() WHERE index_name = 'ix_completions_user_time'",
    )
    assert index[0] == "lesson_completions" and "user_id, completed_at" in index[1]


def test_data_is_internally_consistent(db):
    # Dates: a year of data, and nothing (but broken clocks) after as_of.
    assert one(db, "SELECT min(created_at)::DATE, max(created_at)::DATE FROM users") >= (
        __import__("datetime").date(2025, 4, 1),
        __import__("datetime").date(2026, 3, 1),
    )
    assert scalar(db, "SELECT max(received_at) < TIMESTAMPTZ '2026-04-01 00:00:00+00' FROM events")
    assert scalar(
        db,
        "SELECT max(completed_at) < TIMESTAMPTZ '2026-04-01 00:00:00+00' FROM lesson_completions",
    )
    # Server truth and client events agree: each completion has its lesson_completed event
    # (a handful still in flight at as_of are missing).
    matched = scalar(
        db,
        """
        SELECT avg((e.event_id IS NOT NULL)::INTEGER) FROM lesson_completions c
        LEFT JOIN (SELECT DISTINCT ON (event_id) * FROM events WHERE event_name = 'lesson_completed') e
          ON e.user_id = c.user_id AND e.received_at >= c.completed_at
         AND CAST(e.properties ->> 'lesson_id' AS INTEGER) = c.lesson_id
         AND e.received_at < c.completed_at + INTERVAL 8 DAY
         AND (e.event_ts = c.completed_at OR e.event_ts < TIMESTAMPTZ '2000-01-01 00:00:00+00'
              OR e.event_ts > TIMESTAMPTZ '2026-04-01 00:00:00+00' OR e.platform = 'web')""",
    )
    assert matched > 0.99
    # local_date is the user's calendar date (UTC when the time zone is unknown).
    assert (
        scalar(
            db,
            """
        SELECT count(*) FROM lesson_completions c JOIN users u USING (user_id)
        WHERE c.local_date <> timezone(coalesce(u.timezone, 'UTC'), c.completed_at)::DATE""",
        )
        == 0
    )
    # Retakes exist; a completion is never before the lesson was published.
    assert (
        scalar(
            db,
            "SELECT count(*) FROM (SELECT user_id, lesson_id FROM lesson_completions GROUP BY ALL HAVING count(*) > 1)",
        )
        > 0
    )
    assert (
        scalar(
            db,
            """
        SELECT count(*) FROM lesson_completions c JOIN lessons l USING (lesson_id)
        WHERE c.local_date < l.published_at - 1 OR c.lesson_version > l.version""",
        )
        == 0
    )
    # ~10% of completions have no quiz score.
    assert (
        0.07
        <= scalar(db, "SELECT avg((score_pct IS NULL)::INTEGER) FROM lesson_completions")
        <= 0.13
    )
    # Server events carry no session or app version; every client session has an id.
    assert (
        scalar(
            db,
            "SELECT count(*) FROM events WHERE source = 'server' AND (session_id IS NOT NULL OR app_version IS NOT NULL)",
        )
        == 0
    )
    assert (
        scalar(db, "SELECT count(*) FROM events WHERE source = 'client' AND session_id IS NULL")
        == 0
    )
    assert set(
        r[0]
        for r in db.execute(
            "SELECT DISTINCT event_name FROM events WHERE source = 'server'"
        ).fetchall()
    ) == {"trial_started", "subscription_purchased"}
    assert (
        scalar(db, "SELECT count(*) FROM events WHERE platform = 'web' AND app_version IS NOT NULL")
        == 0
    )
    # A user's events begin at sign-up (bar broken clocks and the web SDK's shifted timestamps).
    assert (
        scalar(
            db,
            """
        SELECT count(*) FROM events e JOIN users u USING (user_id)
        WHERE e.received_at < u.created_at""",
        )
        == 0
    )
    # Onboarding steps follow sign-up in order: goal_set, level_set, reminder_set.
    steps = db.execute("""
        SELECT properties ->> 'step', count(DISTINCT user_id) FROM events
        WHERE event_name = 'onboarding_step_completed' GROUP BY 1 ORDER BY 2 DESC""").fetchall()
    assert [s for s, _ in steps] == ["goal_set", "level_set", "reminder_set"]
    # The calendar covers the whole range.
    assert one(
        db, "SELECT min(date_day)::VARCHAR, max(date_day)::VARCHAR, count(*) FROM calendar"
    ) == ("2025-04-01", "2026-03-31", 365)
    # Retention: a steep early drop, then a flattening curve (active = lesson_completed).
    curve = dict(
        db.execute("""
        WITH u AS (SELECT user_id, created_at::DATE AS d0 FROM users
                   WHERE email NOT LIKE 'loadtest+%' AND created_at < TIMESTAMPTZ '2026-02-01 00:00:00+00'),
        a AS (SELECT DISTINCT user_id, completed_at::DATE AS d FROM lesson_completions)
        SELECT n, count(DISTINCT a.user_id) / (SELECT count(*) FROM u)
        FROM u JOIN a USING (user_id), (SELECT unnest([1, 7, 30]) AS n)
        WHERE a.d = u.d0 + n GROUP BY n""").fetchall()
    )
    assert 0.15 <= curve[1] <= 0.35 and 0.07 <= curve[7] <= 0.2 and 0.02 <= curve[30] <= 0.1
    assert curve[1] - curve[7] > curve[7] - curve[30]


# ---------------------------------------------------------------------- the quirks


def test_q1_nulls_at_the_schema_rates(db):
    real = "FROM users WHERE email NOT LIKE 'loadtest+%'"
    assert 0.064 <= scalar(db, f"SELECT avg((country_code IS NULL)::INTEGER) {real}") <= 0.096
    assert 0.04 <= scalar(db, f"SELECT avg((timezone IS NULL)::INTEGER) {real}") <= 0.06
    assert 0.12 <= scalar(db, f"SELECT avg((acquisition_channel IS NULL)::INTEGER) {real}") <= 0.18
    # is_internal is NULL exactly for accounts before 2025-06-01 (and the load test, Q5).
    assert one(
        db,
        """
        SELECT count(*) FILTER (WHERE created_at < TIMESTAMPTZ '2025-06-01 00:00:00+00' AND is_internal IS NOT NULL),
               count(*) FILTER (WHERE created_at >= TIMESTAMPTZ '2025-06-01 00:00:00+00' AND is_internal IS NULL
                                  AND email NOT LIKE 'loadtest+%'),
               count(*) FILTER (WHERE created_at < TIMESTAMPTZ '2025-06-01 00:00:00+00')
        FROM users""",
    )[:2] == (0, 0)
    # Pre-login events have no user_id; so do ~3% of web onboarding_completed events.
    pre_login = scalar(
        db,
        "SELECT count(*) FROM events WHERE user_id IS NULL AND event_name IN ('app_opened', 'session_start')",
    )
    assert pre_login > scalar(db, "SELECT count(*) FROM users") / 2
    web_null = scalar(
        db,
        """
        SELECT avg((user_id IS NULL)::INTEGER)
        FROM (SELECT DISTINCT ON (event_id) * FROM events WHERE event_name = 'onboarding_completed' AND platform = 'web')""",
    )
    assert 0.01 <= web_null <= 0.06
    assert (
        scalar(
            db,
            "SELECT count(*) FROM events WHERE event_name = 'onboarding_completed' AND platform <> 'web' AND user_id IS NULL",
        )
        == 0
    )
    # NOT IN over those NULLs returns nothing: the trap S11 drills.
    assert (
        scalar(
            db,
            """
        SELECT count(*) FROM users WHERE user_id NOT IN
          (SELECT user_id FROM events WHERE event_name = 'onboarding_completed')""",
        )
        == 0
    )


def test_q2_duplicate_events_and_10_february_loaded_twice(db):
    rate = scalar(
        db,
        """
        SELECT 1 - count(DISTINCT event_id) / count(*) FROM events
        WHERE source = 'client' AND received_at::DATE <> DATE '2026-02-10'""",
    )
    assert 0.012 <= rate <= 0.018
    # A re-sent copy: same event_id and content, a new row_id and a later received_at.
    resent = one(
        db,
        """
        SELECT count(*), count(*) FILTER (WHERE a.event_ts = b.event_ts AND a.event_name = b.event_name
                                               AND a.user_id IS NOT DISTINCT FROM b.user_id
                                               AND a.session_id = b.session_id)
        FROM events a JOIN events b ON a.event_id = b.event_id AND a.received_at < b.received_at""",
    )
    assert resent[0] > 0 and resent[0] == resent[1]
    assert scalar(db, "SELECT count(DISTINCT row_id) = count(*) FROM events")
    # 10 February: every row is there twice, identical but for row_id, so DISTINCT * misses them.
    feb10 = one(
        db,
        """
        SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT * EXCLUDE (row_id) FROM events
                                                 WHERE received_at::DATE = DATE '2026-02-10')),
               (SELECT count(*) FROM (SELECT DISTINCT * FROM events WHERE received_at::DATE = DATE '2026-02-10'))
        FROM events WHERE received_at::DATE = DATE '2026-02-10'""",
    )
    assert feb10[0] == 2 * feb10[1] and feb10[2] == feb10[0] and feb10[0] > 0
    neighbours = scalar(
        db,
        """
        SELECT max(ratio) FROM (
          SELECT count(*) / count(DISTINCT event_id) AS ratio FROM events
          WHERE received_at::DATE IN (DATE '2026-02-09', DATE '2026-02-11') GROUP BY received_at::DATE)""",
    )
    assert neighbours < 1.05


def test_q3_web_sdk_340_shifts_timestamps_and_some_clocks_are_broken(db):
    shifts = dict(
        db.execute("""
        SELECT u.timezone, round(median(epoch(e.event_ts - e.received_at)) / 1800) / 2
        FROM events e JOIN users u USING (user_id)
        WHERE e.source = 'client' AND e.platform = 'web' AND u.timezone IN ('Asia/Kolkata', 'America/New_York')
          AND e.received_at >= TIMESTAMPTZ '2026-01-06 00:00:00+00' AND e.received_at < TIMESTAMPTZ '2026-01-18 00:00:00+00'
        GROUP BY 1""").fetchall()
    )
    assert shifts == {"Asia/Kolkata": 5.5, "America/New_York": -5.0}
    outside = scalar(
        db,
        """
        SELECT max(abs(epoch(event_ts - received_at))) FROM events
        WHERE source = 'client' AND platform = 'web'
          AND (received_at < TIMESTAMPTZ '2026-01-04 00:00:00+00' OR received_at > TIMESTAMPTZ '2026-01-20 00:00:00+00')
          AND event_ts > TIMESTAMPTZ '2000-01-01 00:00:00+00' AND event_ts < TIMESTAMPTZ '2026-04-01 00:00:00+00'""",
    )
    assert outside < 3600 * 1.01  # only re-sent copies, never a whole-hour shift
    assert one(
        db,
        "SELECT released_at::DATE::VARCHAR FROM app_releases WHERE platform = 'web' AND app_version = '3.4.0'",
    ) == ("2026-01-05",)
    broken = one(
        db,
        """
        SELECT avg((event_ts < TIMESTAMPTZ '2000-01-01 00:00:00+00' OR event_ts > TIMESTAMPTZ '2026-04-01 00:00:00+00')::INTEGER),
               count(*) FILTER (WHERE year(event_ts) = 1970), count(*) FILTER (WHERE event_ts > TIMESTAMPTZ '2026-04-01 00:00:00+00')
        FROM events""",
    )
    assert 0.0015 <= broken[0] <= 0.0027 and broken[1] > 0 and broken[2] > 0


def test_q4_android_530_inflates_android_dau_but_not_lesson_completions(db):
    daily = db.execute("""
        WITH d AS (
          SELECT event_ts::DATE AS d, count(DISTINCT user_id) AS dau,
                 count(DISTINCT user_id) FILTER (WHERE event_name = 'lesson_completed') AS learners,
                 count(DISTINCT user_id) FILTER (WHERE event_name NOT IN ('app_opened', 'session_start')) AS doers
          FROM events WHERE platform = 'android' AND source = 'client' AND user_id IS NOT NULL
            AND event_ts >= TIMESTAMPTZ '2026-02-16 00:00:00+00' AND event_ts < TIMESTAMPTZ '2026-03-31 00:00:00+00'
          GROUP BY 1)
        SELECT CASE WHEN d < DATE '2026-03-02' THEN 'before' WHEN d <= DATE '2026-03-16' THEN 'bug' ELSE 'after' END,
               avg(dau), avg(learners), avg(dau) / avg(doers)
        FROM d GROUP BY 1""").fetchall()
    by = {period: (dau, learners, ratio) for period, dau, learners, ratio in daily}
    inflation = by["bug"][2] / ((by["before"][2] + by["after"][2]) / 2)
    assert 1.1 <= inflation <= 1.4  # ~+25% Android DAU from background opens (few users in "small")
    learners = by["bug"][1] / ((by["before"][1] + by["after"][1]) / 2)
    assert 0.8 <= learners <= 1.25  # lesson_completed is unaffected
    # The extra opens are sessions of nothing but app_opened + session_start, all on 5.3.0.
    empty = dict(
        db.execute("""
        WITH s AS (SELECT session_id, any_value(app_version) AS v, bool_and(event_name IN ('app_opened', 'session_start')) AS empty,
                          min(event_ts) AS t
                   FROM events WHERE platform = 'android' AND source = 'client' AND user_id IS NOT NULL GROUP BY 1)
        SELECT v = '5.3.0', avg(empty::INTEGER) FROM s
        WHERE t >= TIMESTAMPTZ '2026-03-02 00:00:00+00' AND t < TIMESTAMPTZ '2026-03-17 00:00:00+00' GROUP BY 1""").fetchall()
    )
    assert empty[True] > 2 * empty[False]
    releases = dict(
        db.execute("""
        SELECT app_version, released_at::DATE::VARCHAR FROM app_releases WHERE platform = 'android'""").fetchall()
    )
    assert releases["5.3.0"] == "2026-03-02" and releases["5.3.1"] == "2026-03-16"
    assert (
        scalar(
            db,
            """
        SELECT count(*) FROM events WHERE app_version = '5.3.0' AND platform = 'android'
          AND event_ts >= TIMESTAMPTZ '2026-03-18 00:00:00+00' AND event_ts < TIMESTAMPTZ '2026-04-01 00:00:00+00'
          AND received_at - event_ts < INTERVAL 1 DAY""",
        )
        == 0
    )


def test_q5_internal_users_and_load_test_accounts(db):
    internal, loadtest, loadtest_ok = one(
        db,
        """
        SELECT count(*) FILTER (WHERE is_internal),
               count(*) FILTER (WHERE email LIKE 'loadtest+%'),
               count(*) FILTER (WHERE regexp_full_match(email, 'loadtest\\+[0-9]{4}@bytewise\\.dev')
                                  AND created_at::DATE = DATE '2026-02-20' AND is_internal IS NULL)
        FROM users""",
    )
    assert internal == SMALL["internal"] == round(300 * REAL / SIZES["full"]["real"])
    assert loadtest == loadtest_ok == SMALL["loadtest"] == 4000 * REAL // SIZES["full"]["real"]
    spike = db.execute("""
        SELECT day = DATE '2026-02-20', avg(n) FROM (
          SELECT created_at::DATE AS day, count(*) AS n FROM users
          WHERE created_at >= TIMESTAMPTZ '2026-02-13 00:00:00+00' AND created_at < TIMESTAMPTZ '2026-02-28 00:00:00+00'
          GROUP BY 1) GROUP BY 1""").fetchall()
    spike = dict(spike)
    assert spike[True] > 5 * spike[False]  # the 20 February "sign-ups"
    assert (
        scalar(
            db,
            "SELECT count(*) FROM events e JOIN users u USING (user_id) WHERE u.email LIKE 'loadtest+%' AND e.event_name <> 'signup_completed'",
        )
        == 0
    )


def test_q6_case_variant_email_pairs_are_separate_accounts(db):
    pairs = db.execute("""
        SELECT lower(email), count(*), count(DISTINCT email), count(DISTINCT user_id)
        FROM users GROUP BY 1 HAVING count(*) > 1""").fetchall()
    assert len(pairs) == SMALL["case_pairs"]
    assert all(n == 2 and emails == 2 and ids == 2 for _, n, emails, ids in pairs)
    assert scalar(db, "SELECT count(*) FROM users WHERE email = lower(email)") == SIZES["small"][
        "real"
    ] + SMALL["loadtest"] - len(pairs)


def test_q7_two_percent_of_mobile_events_arrive_a_day_late(db):
    late = scalar(
        db,
        """
        SELECT avg((received_at - event_ts > INTERVAL 24 HOUR)::INTEGER) FROM events
        WHERE source = 'client' AND platform IN ('ios', 'android')
          AND event_ts > TIMESTAMPTZ '2000-01-01 00:00:00+00' AND event_ts < TIMESTAMPTZ '2026-04-01 00:00:00+00'""",
    )
    assert 0.016 <= late <= 0.024
    assert (
        scalar(
            db,
            """
        SELECT count(*) FROM events WHERE platform = 'web' AND received_at - event_ts > INTERVAL 24 HOUR
          AND event_ts > TIMESTAMPTZ '2000-01-01 00:00:00+00'""",
        )
        == 0
    )


def test_q8_one_percent_of_anonymous_ids_map_to_two_users(db):
    shared, share = one(
        db,
        """
        SELECT count(*) FILTER (WHERE n > 1), avg((n > 1)::INTEGER)
        FROM (SELECT anonymous_id, count(*) AS n FROM identity_map GROUP BY 1)""",
    )
    assert 0.008 <= share <= 0.012 and shared > 0
    assert (
        scalar(
            db,
            "SELECT max(n) FROM (SELECT anonymous_id, count(*) AS n FROM identity_map GROUP BY 1)",
        )
        == 2
    )
    # Both users' events (including the pre-login ones of the second) come from that device.
    both = scalar(
        db,
        """
        WITH s AS (SELECT anonymous_id FROM identity_map GROUP BY 1 HAVING count(*) = 2)
        SELECT count(DISTINCT e.user_id) FROM events e JOIN s USING (anonymous_id)""",
    )
    assert both >= 2 * shared * 0.8
    # Every linked device is seen in events (bar a few whose only, late, events were still in
    # flight at as_of).
    unseen = scalar(
        db,
        """
        SELECT avg((NOT EXISTS (SELECT 1 FROM events e WHERE e.anonymous_id = i.anonymous_id))::INTEGER)
        FROM identity_map i""",
    )
    assert unseen < 0.005


def test_q9_paywall_experiment_srm_and_true_lift(db):
    window = one(
        db,
        """
        SELECT min(assigned_at)::DATE::VARCHAR, max(assigned_at)::DATE::VARCHAR, count(DISTINCT user_id)
        FROM experiment_assignments WHERE experiment_id = 'exp_paywall_v2'""",
    )
    assert window[0] == "2026-03-01" and window[1] <= "2026-03-21"
    first = dict(
        db.execute("""
        SELECT variant, count(*) FROM experiment_assignments a
        WHERE experiment_id = 'exp_paywall_v2'
          AND assigned_at = (SELECT min(assigned_at) FROM experiment_assignments b
                             WHERE b.user_id = a.user_id AND b.experiment_id = a.experiment_id)
        GROUP BY 1""").fetchall()
    )
    assert abs(first["control"] - first["treatment"]) <= 3  # 50/50 server-side
    both = scalar(
        db,
        """
        SELECT count(*) FROM (SELECT user_id FROM experiment_assignments WHERE experiment_id = 'exp_paywall_v2'
                              GROUP BY 1 HAVING count(DISTINCT variant) = 2)""",
    )
    assert 1 <= both <= max(1, round(0.005 * window[2]))
    exposed = dict(
        db.execute("""
        SELECT properties ->> 'variant', count(DISTINCT user_id) FROM events
        WHERE event_name = 'experiment_exposed' AND properties ->> 'experiment_id' = 'exp_paywall_v2' GROUP BY 1""").fetchall()
    )
    share = exposed["treatment"] / (exposed["treatment"] + exposed["control"])
    assert 0.40 <= share <= 0.50  # ≈46/54: an SRM
    old_android = dict(
        db.execute("""
        SELECT properties ->> 'variant', count(*) FROM events
        WHERE event_name = 'experiment_exposed' AND platform = 'android' AND app_version < '5.1' GROUP BY 1""").fetchall()
    )
    assert old_android.get("control", 0) > 0 and old_android.get("treatment", 0) == 0
    assert (
        scalar(
            db,
            """
        SELECT count(*) FROM app_releases r WHERE platform = 'android' AND app_version < '5.1'""",
        )
        > 0
    )
    rates = dict(
        db.execute("""
        WITH a AS (SELECT user_id, arg_min(variant, assigned_at) AS variant, min(assigned_at) AS at
                   FROM experiment_assignments WHERE experiment_id = 'exp_paywall_v2' GROUP BY 1),
        t AS (SELECT DISTINCT user_id, event_ts FROM events WHERE event_name = 'trial_started')
        SELECT variant, count(DISTINCT t.user_id) / count(DISTINCT a.user_id)
        FROM a LEFT JOIN t ON t.user_id = a.user_id AND t.event_ts >= a.at
                          AND t.event_ts < TIMESTAMPTZ '2026-03-22 00:00:00+00'
        GROUP BY 1""").fetchall()
    )
    assert 0.009 <= rates["treatment"] - rates["control"] <= 0.021  # a true +1.5 points
    before = scalar(
        db,
        """
        SELECT count(*) FROM experiment_assignments a JOIN events e ON e.user_id = a.user_id
        WHERE a.experiment_id = 'exp_paywall_v2' AND e.event_name = 'trial_started' AND e.event_ts < a.assigned_at""",
    )
    assert before > 0  # conversions before assignment, a pitfall of S21


def test_q10_onboarding_redesign_lifts_completion_and_week_1_retention(db):
    completion = dict(
        db.execute("""
        WITH u AS (SELECT user_id, created_at >= TIMESTAMPTZ '2026-02-02 00:00:00+00' AS redesign FROM users
                   WHERE email NOT LIKE 'loadtest+%'),
        done AS (SELECT DISTINCT i.user_id FROM events e JOIN identity_map i USING (anonymous_id)
                 WHERE e.event_name = 'onboarding_completed')
        SELECT redesign, avg((done.user_id IS NOT NULL)::INTEGER) FROM u LEFT JOIN done USING (user_id) GROUP BY 1""").fetchall()
    )
    assert 0.53 <= completion[False] <= 0.57 and 0.61 <= completion[True] <= 0.65
    week1 = dict(
        db.execute("""
        WITH u AS (SELECT user_id, created_at, created_at >= TIMESTAMPTZ '2026-02-02 00:00:00+00' AS redesign FROM users
                   WHERE email NOT LIKE 'loadtest+%' AND created_at >= TIMESTAMPTZ '2025-10-01 00:00:00+00'
                     AND created_at < TIMESTAMPTZ '2026-03-18 00:00:00+00'),
        a AS (SELECT DISTINCT u.user_id FROM u JOIN lesson_completions c USING (user_id)
              WHERE c.completed_at >= u.created_at + INTERVAL 7 DAY AND c.completed_at < u.created_at + INTERVAL 14 DAY)
        SELECT redesign, avg((a.user_id IS NOT NULL)::INTEGER) FROM u LEFT JOIN a USING (user_id) GROUP BY 1""").fetchall()
    )
    assert week1[True] > week1[False]
    flows = dict(
        db.execute("""
        SELECT properties ->> 'flow', min(event_ts)::DATE::VARCHAR FROM events
        WHERE event_name = 'onboarding_completed' AND event_ts > TIMESTAMPTZ '2025-01-01 00:00:00+00' GROUP BY 1""").fetchall()
    )
    assert flows["v2"] == "2026-02-02"


def test_q11_money_in_four_currencies_and_resubscribers(db):
    currencies = {
        r[0] for r in db.execute("SELECT DISTINCT currency FROM subscriptions").fetchall()
    }
    assert currencies == {"USD", "INR", "EUR", "GBP"}
    assert {r[0] for r in db.execute("SELECT currency FROM fx_rates").fetchall()} == currencies
    statuses = {r[0] for r in db.execute("SELECT DISTINCT status FROM subscriptions").fetchall()}
    assert {"active", "canceled"} <= statuses <= {"trialing", "active", "past_due", "canceled"}
    assert (
        scalar(
            db,
            "SELECT count(*) FROM (SELECT user_id FROM subscriptions GROUP BY 1 HAVING count(*) > 1)",
        )
        >= 5
    )
    never_paid = scalar(
        db, "SELECT count(*) FROM subscriptions WHERE first_paid_at IS NULL AND status = 'canceled'"
    )
    assert never_paid > 0
    # Trials and purchases are server events that match the table (10 February's reload aside).
    trials = one(
        db,
        """
        SELECT (SELECT count(DISTINCT event_id) FROM events WHERE event_name = 'trial_started'),
               (SELECT count(*) FROM subscriptions s WHERE NOT EXISTS (
                  SELECT 1 FROM subscriptions p WHERE p.user_id = s.user_id AND p.started_at < s.started_at))""",
    )
    assert trials[0] == trials[1]
    assert scalar(
        db,
        "SELECT count(DISTINCT event_id) FROM events WHERE event_name = 'subscription_purchased'",
    ) == scalar(db, "SELECT count(*) FROM subscriptions WHERE first_paid_at IS NOT NULL")
    prices = db.execute(
        "SELECT currency, plan, min(amount_cents), max(amount_cents) FROM subscriptions GROUP BY ALL"
    ).fetchall()
    assert all(low == high for _, _, low, high in prices)


def test_q12_soft_deleted_users_keep_their_events(db):
    deleted, share = one(
        db,
        """
        SELECT count(*) FILTER (WHERE deleted_at IS NOT NULL), avg((deleted_at IS NOT NULL)::INTEGER)
        FROM users WHERE email NOT LIKE 'loadtest+%'""",
    )
    assert deleted == round(0.02 * REAL) and 0.016 <= share <= 0.024
    with_events = scalar(
        db,
        """
        SELECT count(DISTINCT u.user_id) FROM users u JOIN events e USING (user_id) WHERE u.deleted_at IS NOT NULL""",
    )
    assert with_events >= deleted - 2  # a late sign-up's only events may still be in flight
    assert (
        scalar(
            db,
            "SELECT count(*) FROM users WHERE deleted_at <= created_at OR deleted_at >= TIMESTAMPTZ '2026-04-01 00:00:00+00'",
        )
        == 0
    )
    assert (
        scalar(
            db,
            """
        SELECT count(*) FROM lesson_completions c JOIN users u USING (user_id) WHERE c.completed_at > u.deleted_at""",
        )
        == 0
    )


# ---------------------------------------------------------------------- determinism and size


def test_same_seed_gives_the_same_data(built, tmp_path):
    again = tmp_path / "again.duckdb"
    build_dataset(again, size="small", seed=1)
    assert checksums(again) == checksums(built[0])


def test_another_seed_gives_different_data(built, tmp_path):
    other = tmp_path / "seed2.duckdb"
    build_dataset(other, size="small", seed=2)
    a, b = checksums(built[0]), checksums(other)
    for table in (
        "users",
        "events",
        "lesson_completions",
        "subscriptions",
        "identity_map",
        "experiment_assignments",
    ):
        assert a[table] != b[table], table
    assert a["calendar"] == b["calendar"] and a["app_releases"] == b["app_releases"]


def test_unknown_size_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown size"):
        build_dataset(tmp_path / "x.duckdb", size="huge")


@pytest.mark.skipif(
    os.environ.get("SQLLAB_FULL_DATASET_TEST") != "1", reason="set SQLLAB_FULL_DATASET_TEST=1"
)
def test_full_size_has_the_stated_sizes_and_quirk_rates(tmp_path):
    # How long the build takes is measured by `make bench` (bench/sqllab.py), not here.
    counts = build_dataset(tmp_path / "full.duckdb", size="full", seed=1)
    assert counts["users"] == 50_000 and counts["lessons"] == 120
    assert 500_000 <= counts["lesson_completions"] <= 720_000
    assert 2_400_000 <= counts["events"] <= 3_600_000
    connection = connect(tmp_path / "full.duckdb")
    try:
        assert scalar(connection, "SELECT count(*) FROM users WHERE is_internal") == 300
        assert (
            scalar(connection, "SELECT count(*) FROM users WHERE email LIKE 'loadtest+%'") == 4000
        )
        assert (
            scalar(
                connection,
                "SELECT count(*) FROM (SELECT lower(email) FROM users GROUP BY 1 HAVING count(*) > 1)",
            )
            == 60
        )
        exposed = dict(
            connection.execute("""
            SELECT properties ->> 'variant', count(DISTINCT user_id) FROM events
            WHERE event_name = 'experiment_exposed' GROUP BY 1""").fetchall()
        )
        assert 0.43 <= exposed["treatment"] / (exposed["treatment"] + exposed["control"]) <= 0.49
        android = dict(
            connection.execute("""
            WITH d AS (
              SELECT event_ts::DATE AS d, count(DISTINCT user_id) AS dau,
                     count(DISTINCT user_id) FILTER (WHERE event_name NOT IN ('app_opened', 'session_start')) AS doers
              FROM events WHERE platform = 'android' AND source = 'client' AND user_id IS NOT NULL
                AND event_ts >= TIMESTAMPTZ '2026-02-16 00:00:00+00' AND event_ts < TIMESTAMPTZ '2026-03-31 00:00:00+00'
              GROUP BY 1)
            SELECT d BETWEEN DATE '2026-03-02' AND DATE '2026-03-16', avg(dau) / avg(doers) FROM d GROUP BY 1""").fetchall()
        )
        assert 1.18 <= android[True] / android[False] <= 1.32
        week1 = dict(
            connection.execute("""
            WITH u AS (SELECT user_id, created_at, created_at >= TIMESTAMPTZ '2026-02-02 00:00:00+00' AS redesign
                       FROM users WHERE email NOT LIKE 'loadtest+%' AND NOT coalesce(is_internal, FALSE)
                         AND created_at >= TIMESTAMPTZ '2025-12-29 00:00:00+00'
                         AND created_at < TIMESTAMPTZ '2026-03-09 00:00:00+00'),
            a AS (SELECT DISTINCT u.user_id FROM u JOIN lesson_completions c USING (user_id)
                  WHERE c.completed_at >= u.created_at + INTERVAL 7 DAY AND c.completed_at < u.created_at + INTERVAL 14 DAY)
            SELECT redesign, avg((a.user_id IS NOT NULL)::INTEGER) FROM u LEFT JOIN a USING (user_id) GROUP BY 1""").fetchall()
        )
        assert 0.025 <= week1[True] - week1[False] <= 0.055  # ~+4 points of week-1 retention
    finally:
        connection.close()

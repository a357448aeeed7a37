"""The SQL Lab's practice dataset: "Bytewise", a fictional daily PM-learning app (curriculum §3.3).

Pure Python and DuckDB, no Django. `build_dataset` writes one DuckDB file with the schema of §3.3
and a year of synthetic data (2025-04-01 .. 2026-03-31) that carries the twelve quirks Q1–Q12.
All rows are made in DuckDB SQL from `range()`; Python only writes the statements.

Determinism: every pseudo-random value comes from `hash(hash(seed, key…, 'purpose'))` of integer
keys (the outer hash decorrelates purposes, which DuckDB's cheap multi-argument combine does not),
never from random(); every row number is taken over a total order; the stored tables are inserted
in primary-key order. So the same size and seed give the same rows whatever DuckDB's thread count,
and another seed gives other data. Where a rate is part of the story and the small size has few
rows behind it, draws are stratified (ranks in a hash order, or Weyl sequences) so the rate holds.

The story, in the order it is built:
- users sign up across the year (growth, weekday pattern, a sign-up outage on 2026-03-14), plus
  ~300 employees, 4,000 load-test accounts on 2026-02-20, ~60 case-variant email pairs, 2% deleted;
- each user has a lifetime (most leave within days, a Lomax tail stays) and a daily activity rate;
  active days hold one to three sessions of lessons, paywall views and push opens;
- onboarding completion is 55% before the 2 February redesign and 63% after; finishing it, and
  signing up after the redesign, raise retention (week 1: about +4 points);
- app versions follow each user's update lag; phones too old for Android 5.1 stay on 5.0.x;
- trials follow paywall views; exp_paywall_v2 (1–21 March) assigns 50/50 and fixes the trial
  counts per arm so the true lift is +1.5 points, while Android < 5.1 never logs the treatment's
  exposures (the SRM);
- events are derived from the sessions, then damaged as a real pipeline would be: re-sent
  duplicates, 10 February loaded twice, late mobile events, broken clocks, web SDK 3.4.0's
  local-time-as-UTC timestamps and Android 5.3.0's background app opens on push.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import duckdb

AS_OF = "2026-04-01 00:00:00+00"  # exclusive; data runs 2025-04-01 .. 2026-03-31
START = "2025-04-01"
DAYS = 365

SIZES: dict[str, dict[str, int]] = {
    # real: ordinary sign-ups (employees included); loadtest: the 2026-02-20 accounts;
    # internal: employees; case_pairs: accounts whose email differs from an older one only in case;
    # visitors: anonymous devices that never sign up.
    "full": {
        "real": 46_000,
        "loadtest": 4_000,
        "internal": 300,
        "case_pairs": 60,
        "visitors": 40_000,
    },
    "small": {"real": 1_840, "loadtest": 160, "internal": 12, "case_pairs": 3, "visitors": 1_600},
}

SCHEMA = """
CREATE TABLE users (
  user_id BIGINT PRIMARY KEY,
  email VARCHAR(320) NOT NULL UNIQUE,
  created_at TIMESTAMPTZ NOT NULL,
  signup_platform VARCHAR(10) NOT NULL CHECK (signup_platform IN ('ios','android','web')),
  country_code VARCHAR(2),
  timezone VARCHAR(64),
  acquisition_channel VARCHAR(30),
  referred_by_user_id BIGINT REFERENCES users(user_id),
  is_internal BOOLEAN,
  deleted_at TIMESTAMPTZ);
CREATE TABLE lessons (
  lesson_id INTEGER PRIMARY KEY,
  area VARCHAR(20) NOT NULL CHECK (area IN ('apis','databases','system_design','analytics')),
  title VARCHAR(200) NOT NULL,
  difficulty SMALLINT NOT NULL CHECK (difficulty BETWEEN 1 AND 3),
  is_premium BOOLEAN NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  published_at DATE NOT NULL,
  retired_at DATE);
CREATE TABLE lesson_completions (
  completion_id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(user_id),
  lesson_id INTEGER NOT NULL REFERENCES lessons(lesson_id),
  lesson_version INTEGER NOT NULL,
  completed_at TIMESTAMPTZ NOT NULL,
  local_date DATE NOT NULL,
  score_pct SMALLINT CHECK (score_pct BETWEEN 0 AND 100),
  xp_earned INTEGER NOT NULL,
  platform VARCHAR(10) NOT NULL);
CREATE TABLE subscriptions (
  subscription_id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(user_id),
  plan VARCHAR(10) NOT NULL CHECK (plan IN ('monthly','annual')),
  status VARCHAR(12) NOT NULL CHECK (status IN ('trialing','active','past_due','canceled')),
  started_at TIMESTAMPTZ NOT NULL,
  first_paid_at TIMESTAMPTZ,
  canceled_at TIMESTAMPTZ,
  amount_cents INTEGER NOT NULL,
  currency VARCHAR(3) NOT NULL);
CREATE TABLE fx_rates (
  currency VARCHAR(3) PRIMARY KEY,
  usd_per_unit DECIMAL(12,6) NOT NULL);
CREATE TABLE events (
  row_id BIGINT PRIMARY KEY,
  event_id UUID NOT NULL,
  event_name VARCHAR(50) NOT NULL,
  user_id BIGINT,
  anonymous_id VARCHAR(64) NOT NULL,
  session_id VARCHAR(64),
  event_ts TIMESTAMPTZ NOT NULL,
  received_at TIMESTAMPTZ NOT NULL,
  source VARCHAR(6) NOT NULL CHECK (source IN ('client','server')),
  platform VARCHAR(10) NOT NULL,
  app_version VARCHAR(20),
  properties JSON);
CREATE TABLE identity_map (
  anonymous_id VARCHAR(64) NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(user_id),
  first_linked_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (anonymous_id, user_id));
CREATE TABLE experiment_assignments (
  assignment_id BIGINT PRIMARY KEY,
  experiment_id VARCHAR(40) NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(user_id),
  variant VARCHAR(20) NOT NULL,
  assigned_at TIMESTAMPTZ NOT NULL);
CREATE TABLE app_releases (
  platform VARCHAR(10),
  app_version VARCHAR(20),
  released_at TIMESTAMPTZ NOT NULL,
  notes TEXT,
  PRIMARY KEY (platform, app_version));
CREATE TABLE calendar (
  date_day DATE PRIMARY KEY,
  week_start DATE NOT NULL,
  is_weekend BOOLEAN NOT NULL);
"""

TABLES = (
    "users",
    "lessons",
    "lesson_completions",
    "subscriptions",
    "fx_rates",
    "events",
    "identity_map",
    "experiment_assignments",
    "app_releases",
    "calendar",
)

LESSON_TITLES = {
    "apis": [
        "What an API is", "Requests and responses", "HTTP methods", "Status codes", "REST basics",
        "JSON payloads", "Authentication vs authorisation", "API keys", "OAuth in plain words",
        "Rate limits", "Pagination", "Idempotency", "Webhooks", "Polling vs webhooks",
        "API versioning", "GraphQL basics", "SDKs", "Error handling", "Timeouts and retries",
        "API gateways", "Third-party integrations", "Partner APIs", "Public vs private APIs",
        "API documentation", "Backward compatibility", "gRPC at a glance", "Webhook security",
        "Designing an endpoint", "API pricing models", "Deprecating an API",
    ],
    "databases": [
        "Tables, rows and columns", "Primary keys", "Foreign keys", "Schemas", "SELECT and WHERE",
        "NULL and three-valued logic", "ORDER BY and LIMIT", "Joins", "LEFT JOIN vs INNER JOIN",
        "GROUP BY", "HAVING", "Indexes", "Transactions", "Normalisation", "Denormalisation",
        "SQL vs NoSQL", "Document stores", "Key-value stores", "Migrations", "Soft deletes",
        "Time zones in data", "Window functions", "CTEs", "Query plans", "Read replicas",
        "Sharding", "Backups and restores", "Data types", "Constraints", "Full-text search",
    ],
    "system_design": [
        "Latency vs throughput", "Scaling up vs out", "Load balancers", "Caching",
        "TTL and invalidation", "CDNs", "Replication", "Eventual consistency", "Message queues",
        "Fan-out", "Rate limiting at scale", "Microservices vs monolith", "Service discovery",
        "Circuit breakers", "Background jobs", "Cron and schedulers", "Feature flags",
        "Blue-green deploys", "Observability", "SLOs and error budgets", "Incident response",
        "Capacity planning", "Push notification systems", "Real-time updates", "Leaderboards",
        "Search systems", "Storage tiers", "Multi-region", "The cost of cloud",
        "Designing for failure",
    ],
    "analytics": [
        "Event tracking", "Tracking plans", "Sessions vs users", "DAU, WAU and MAU", "Funnels",
        "Retention cohorts", "A/B tests", "Sample ratio mismatch", "Statistical significance",
        "Guardrail metrics", "Attribution", "Data pipelines", "ETL vs ELT", "Data warehouses",
        "Late-arriving data", "Deduplication", "Identity resolution", "Dashboards",
        "Metric definitions", "North Star metrics", "Data quality checks", "Backfills",
        "Batch vs streaming", "Sampling", "Privacy and consent", "Experiment design",
        "Novelty effects", "Segmentation", "Lifetime value", "Churn analysis",
    ],
}  # fmt: skip
AREAS = tuple(LESSON_TITLES)

# Published after launch (position in its area -> date) and retired (position -> date).
LATE_LESSONS = {24: "2025-05-12", 25: "2025-07-07", 26: "2025-09-01", 27: "2025-10-27",
                28: "2026-01-12", 29: "2026-03-23"}  # fmt: skip
RETIRED = {("apis", 16): "2025-10-01", ("databases", 17): "2025-12-01",
           ("system_design", 15): "2025-08-18", ("analytics", 23): "2026-02-16"}  # fmt: skip
NO_QUIZ = {10, 18}  # positions whose lessons end without a quiz

RELEASES = [
    # platform, version, released_at, notes
    ("android", "4.8.0", "2025-03-10 16:00:00+00", "Streak calendar"),
    ("android", "4.9.0", "2025-05-06 16:00:00+00", "Lesson audio"),
    ("android", "4.10.0", "2025-06-24 16:00:00+00", "Dark mode"),
    ("android", "4.11.0", "2025-08-12 16:00:00+00", "Weekly XP leaderboard"),
    ("android", "4.12.0", "2025-09-30 16:00:00+00", "Offline lessons"),
    ("android", "5.0.0", "2025-11-11 16:00:00+00", "New home screen"),
    ("android", "5.0.1", "2025-11-25 16:00:00+00", "Bug fixes"),
    ("android", "5.0.2", "2025-12-16 16:00:00+00", "Performance improvements"),
    (
        "android",
        "5.1.0",
        "2026-01-20 16:00:00+00",
        "Paywall experiments support; new analytics SDK; needs Android 9+",
    ),
    (
        "android",
        "5.2.0",
        "2026-02-02 16:00:00+00",
        "Onboarding redesign (server-driven, all platforms)",
    ),
    ("android", "5.3.0", "2026-03-02 16:00:00+00", "Push handling rewrite; background refresh"),
    ("android", "5.3.1", "2026-03-16 16:00:00+00", "Hotfix: push handling"),
    ("ios", "4.8.0", "2025-03-12 17:00:00+00", "Streak calendar"),
    ("ios", "4.9.0", "2025-05-08 17:00:00+00", "Lesson audio"),
    ("ios", "4.10.0", "2025-06-26 17:00:00+00", "Dark mode"),
    ("ios", "4.11.0", "2025-08-14 17:00:00+00", "Weekly XP leaderboard"),
    ("ios", "4.12.0", "2025-10-02 17:00:00+00", "Offline lessons"),
    ("ios", "5.0.0", "2025-11-13 17:00:00+00", "New home screen"),
    ("ios", "5.0.1", "2025-12-04 17:00:00+00", "Bug fixes"),
    ("ios", "5.1.0", "2026-01-22 17:00:00+00", "Paywall experiments support; new analytics SDK"),
    (
        "ios",
        "5.2.0",
        "2026-02-02 17:00:00+00",
        "Onboarding redesign (server-driven, all platforms)",
    ),
    ("ios", "5.3.0", "2026-03-09 17:00:00+00", "Widgets"),
    ("web", "3.2.0", "2025-02-17 10:00:00+00", "Web analytics SDK 3.2"),
    ("web", "3.3.0", "2025-09-15 10:00:00+00", "Web analytics SDK 3.3: batching"),
    ("web", "3.4.0", "2026-01-05 09:00:00+00", "Web analytics SDK 3.4: new timestamp handling"),
    ("web", "3.4.1", "2026-01-18 21:00:00+00", "Web analytics SDK 3.4.1: timestamp fix"),
]

FIRST_NAMES = [
    "james",
    "mary",
    "john",
    "patricia",
    "robert",
    "jennifer",
    "michael",
    "linda",
    "david",
    "elizabeth",
    "william",
    "sarah",
    "daniel",
    "emma",
    "thomas",
    "olivia",
    "lucas",
    "sophie",
    "noah",
    "mia",
    "liam",
    "chloe",
    "ethan",
    "grace",
    "oliver",
    "hannah",
    "jack",
    "amelia",
    "leo",
    "isla",
    "max",
    "lena",
    "felix",
    "clara",
    "hugo",
    "ines",
    "marco",
    "giulia",
    "pablo",
    "lucia",
    "tom",
    "ella",
    "sam",
    "zoe",
    "alex",
    "nina",
    "ben",
    "ava",
    "ryan",
    "maya",
    "chen",
    "wei",
    "yuki",
    "kenji",
    "ahmed",
    "fatima",
    "omar",
    "layla",
    "tunde",
    "ngozi",
    "kwame",
    "ama",
    "joao",
    "ana",
]
LAST_NAMES = [
    "smith",
    "johnson",
    "williams",
    "brown",
    "jones",
    "garcia",
    "miller",
    "davis",
    "wilson",
    "taylor",
    "clark",
    "lewis",
    "walker",
    "hall",
    "young",
    "allen",
    "king",
    "wright",
    "scott",
    "green",
    "baker",
    "adams",
    "nelson",
    "hill",
    "campbell",
    "mitchell",
    "roberts",
    "carter",
    "phillips",
    "evans",
    "turner",
    "parker",
    "collins",
    "edwards",
    "stewart",
    "murphy",
    "cook",
    "rogers",
    "morgan",
    "cooper",
    "peterson",
    "reed",
    "bailey",
    "kelly",
    "howard",
    "ward",
    "cox",
    "richardson",
    "wood",
    "watson",
    "brooks",
    "bennett",
    "gray",
    "james",
    "hughes",
    "price",
    "sanders",
    "myers",
    "long",
    "ross",
    "foster",
    "muller",
    "schmidt",
    "schneider",
    "fischer",
    "weber",
    "martin",
    "bernard",
    "dubois",
    "rossi",
    "russo",
    "ferrari",
    "silva",
    "santos",
    "oliveira",
    "okafor",
    "adeyemi",
    "mensah",
    "tanaka",
    "sato",
    "wang",
    "li",
    "zhang",
]
INDIAN_FIRST = [
    "aarav",
    "vivaan",
    "aditya",
    "arjun",
    "sai",
    "reyansh",
    "ishaan",
    "rohan",
    "rahul",
    "vikram",
    "ananya",
    "diya",
    "saanvi",
    "aadhya",
    "kavya",
    "priya",
    "neha",
    "pooja",
    "sneha",
    "riya",
    "anjali",
    "divya",
    "meera",
    "nisha",
    "karthik",
    "suresh",
    "ramesh",
    "deepak",
    "amit",
    "sanjay",
]
INDIAN_LAST = [
    "sharma",
    "verma",
    "gupta",
    "singh",
    "kumar",
    "patel",
    "shah",
    "mehta",
    "iyer",
    "nair",
    "reddy",
    "rao",
    "joshi",
    "desai",
    "kapoor",
    "malhotra",
    "chopra",
    "banerjee",
    "chatterjee",
    "das",
    "menon",
    "pillai",
    "agarwal",
    "bhat",
    "kulkarni",
]
DOMAINS = [("gmail.com", 52), ("outlook.com", 10), ("yahoo.com", 7), ("icloud.com", 10),
           ("proton.me", 3), ("hotmail.com", 4), ("acme.io", 3), ("globex.com", 3),
           ("initech.com", 2), ("hooli.com", 3), ("umbrella.co", 3)]  # fmt: skip

# country, weight (per mille), time zones with weights
COUNTRIES = [
    (
        "US",
        320,
        [
            ("America/New_York", 45),
            ("America/Chicago", 25),
            ("America/Los_Angeles", 25),
            ("America/Denver", 5),
        ],
    ),
    ("IN", 220, [("Asia/Kolkata", 1)]),
    ("GB", 90, [("Europe/London", 1)]),
    ("DE", 50, [("Europe/Berlin", 1)]),
    ("CA", 40, [("America/Toronto", 60), ("America/Vancouver", 40)]),
    ("FR", 30, [("Europe/Paris", 1)]),
    ("AU", 30, [("Australia/Sydney", 1)]),
    ("BR", 30, [("America/Sao_Paulo", 1)]),
    ("NL", 20, [("Europe/Amsterdam", 1)]),
    ("ES", 20, [("Europe/Madrid", 1)]),
    ("SG", 20, [("Asia/Singapore", 1)]),
    ("NG", 20, [("Africa/Lagos", 1)]),
    ("IE", 10, [("Europe/Dublin", 1)]),
    ("AE", 10, [("Asia/Dubai", 1)]),
    ("JP", 10, [("Asia/Tokyo", 1)]),
    (
        None,
        80,
        [
            ("America/New_York", 35),
            ("Asia/Kolkata", 25),
            ("Europe/London", 20),
            ("America/Los_Angeles", 20),
        ],
    ),
]
EUR = ("DE", "FR", "NL", "ES", "IE")
PRICES = {  # currency -> (monthly, annual) in minor units
    "USD": (1299, 8999), "INR": (39900, 249900), "EUR": (1199, 7999), "GBP": (999, 6999),
}  # fmt: skip
FX = {"USD": "1.000000", "INR": "0.011950", "EUR": "1.082500", "GBP": "1.266400"}

# Local hour of day at which sessions start (weights for hours 0..23).
HOURS = [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1.2, 2.5, 4, 4.5, 4, 3.5, 4, 4, 3.5, 3.5, 3.5, 4, 4.5, 5.5,
         6, 5.5, 4, 2]  # fmt: skip

EXPERIMENT = "exp_paywall_v2"
EXP_START = "2026-03-01 00:00:00+00"
EXP_END = "2026-03-22 00:00:00+00"  # exclusive: the experiment ran 1–21 March
EXP_CONTROL_TRIAL_RATE = 0.045
EXP_LIFT = 0.015
OLD_OS_LAST_DAY = "2026-01-19"  # the day before Android 5.1.0
BUG_PUSH_RATE = 0.2  # share of installed Android 5.3.0 devices that get a push on a given day
BUG_DAY7_PUSH_RATE = 0.1  # the "your first week" lifecycle push on day 7 after sign-up


def _lit(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_lit(v) for v in value) + "]"
    return str(value)


def _values(rows: Sequence[tuple[object, ...]]) -> str:
    return "VALUES " + ", ".join("(" + ", ".join(_lit(v) for v in row) + ")" for row in rows)


def _pick(x: str, options: Sequence[tuple[object, float]], *, raw: bool = False) -> str:
    """A CASE choosing among `options` by weight, given `x` uniform in [0, 1).

    With raw=True the options are SQL expressions, otherwise literals."""
    total = sum(w for _, w in options)
    acc = 0.0
    parts = []
    show = (lambda v: str(v)) if raw else _lit
    if len(options) == 1:
        return show(options[0][0])
    for value, weight in options[:-1]:
        acc += weight
        parts.append(f"WHEN {x} < {acc / total!r} THEN {show(value)}")
    return f"(CASE {' '.join(parts)} ELSE {show(options[-1][0])} END)"


class _Sql:
    """Snippets that draw pseudo-random numbers from hash(seed, keys…, purpose)."""

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)

    def h(self, purpose: str, *keys: str) -> str:
        # DuckDB combines the hashes of several arguments cheaply, which leaves the results for
        # different purposes strongly correlated; hashing the combination again mixes them well.
        return f"hash(hash({self.seed}, {', '.join(keys)}, '{purpose}'))"

    def u(self, purpose: str, *keys: str) -> str:
        """Uniform in [0, 1)."""
        return f"(({self.h(purpose, *keys)} >> 11) / 9007199254740992.0)"

    def i(self, purpose: str, n: int | str, *keys: str) -> str:
        """Uniform integer in [0, n)."""
        return f"(({self.h(purpose, *keys)} % ({n}))::BIGINT)"


def build_dataset(path: Path, *, size: str = "full", seed: int = 1) -> dict[str, int]:
    """Write a complete DuckDB file at `path` (atomically: build at path.with_suffix('.tmp') then rename);
    return row counts per table."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; choose from {sorted(SIZES)}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    for stale in (tmp, Path(str(tmp) + ".wal")):
        if stale.exists():
            stale.unlink()
    connection = duckdb.connect(str(tmp), config={"memory_limit": "2GB"})
    try:
        connection.execute("SET TimeZone = 'UTC'")
        connection.execute("SET enable_progress_bar = false")
        for statement in statements(size, seed):
            connection.execute(statement)
        counts = {
            table: int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]
            for table in TABLES
        }
        connection.execute("CHECKPOINT")
    finally:
        connection.close()
    os.replace(tmp, path)
    return counts


def statements(size: str, seed: int) -> list[str]:
    """The SQL that builds the dataset, in order (temporary tables hold the intermediate steps)."""
    p = SIZES[size]
    s = _Sql(seed)
    u, i, h = s.u, s.i, s.h

    def quantile(order: str, key: str, partition: str = "") -> str:
        """Stratified instead of independent draws: the row's rank in a hash order, as a number
        in (0, 1). Shares picked with it are exact, so even the small size has the stated rates."""
        over = f"PARTITION BY {partition} " if partition else ""
        return (
            f"((row_number() OVER ({over}ORDER BY {order}, {key}) - 0.5) "
            f"/ count(*) OVER ({over.strip()}))"
        )

    n_real, n_lt = p["real"], p["loadtest"]
    out = [SCHEMA]
    add = out.append

    # ------------------------------------------------------------------ static tables
    add(f"""
INSERT INTO calendar
SELECT d, date_trunc('week', d)::DATE, dayofweek(d) IN (0, 6)
FROM (SELECT (DATE '{START}' + k::INTEGER) AS d FROM range({DAYS}) r(k)) ORDER BY d""")
    add(
        f"INSERT INTO fx_rates SELECT c, r::DECIMAL(12,6) FROM ({_values(list(FX.items()))}) t(c, r) ORDER BY c"
    )
    add(f"""
INSERT INTO app_releases SELECT platform, v, ts::TIMESTAMPTZ, notes
FROM ({_values(RELEASES)}) t(platform, v, ts, notes) ORDER BY platform, ts::TIMESTAMPTZ""")
    add("""
CREATE TEMP TABLE rel AS
SELECT platform, app_version, released_at::DATE AS rel_date FROM app_releases
WHERE platform IN ('android', 'ios')""")
    old_android = [v for pl, v, ts, _ in RELEASES if pl == "android" and ts < "2026-01-20"]

    lesson_rows = []
    for a, area in enumerate(AREAS):
        for pos, title in enumerate(LESSON_TITLES[area]):
            difficulty = 1 if pos < 8 else 2 if pos < 20 else 3
            lesson_rows.append((a * 30 + pos + 1, area, a + 1, title, difficulty, pos,
                                LATE_LESSONS.get(pos, "2025-03-17"), RETIRED.get((area, pos)),
                                int(pos in NO_QUIZ)))  # fmt: skip
    # Premium: about 40% of the catalogue, never positions 0-5 (the always-available fallbacks).
    # Versions: a quarter of the lessons were revised, a few twice.
    add(f"""
CREATE TEMP TABLE lesson_x AS
SELECT lesson_id, area, area_no, title, difficulty::SMALLINT AS difficulty, pos,
       published_at::DATE AS published_at, retired_at::DATE AS retired_at, no_quiz = 1 AS no_quiz,
       (pos >= 8 AND ({u("premium", "lesson_id")} < 0.55 OR pos IN (23, 26, 29))) AS is_premium,
       CASE WHEN {u("rev", "lesson_id")} < 0.25 AND published_at::DATE < DATE '2025-10-01'
            THEN published_at::DATE + 140 + {i("rev1", 90, "lesson_id")}::INTEGER END AS rev1,
       CASE WHEN {u("rev", "lesson_id")} < 0.07 AND published_at::DATE < DATE '2025-06-01'
            THEN DATE '2026-02-09' + {i("rev2", 45, "lesson_id")}::INTEGER END AS rev2,
       CAST(round(1000 * pow(0.93, pos) * CASE difficulty WHEN 1 THEN 1.0 WHEN 2 THEN 0.8 ELSE 0.55 END
                  * (0.7 + 0.6 * {u("pop", "lesson_id")})) AS BIGINT) AS weight
FROM ({_values(lesson_rows)})
  t(lesson_id, area, area_no, title, difficulty, pos, published_at, retired_at, no_quiz)""")
    add("""
INSERT INTO lessons
SELECT lesson_id, area, title, difficulty, is_premium,
       1 + (rev1 IS NOT NULL AND rev1 < DATE '2026-04-01')::INTEGER
         + (rev2 IS NOT NULL AND rev2 < DATE '2026-04-01')::INTEGER,
       published_at, retired_at
FROM lesson_x ORDER BY lesson_id""")
    # Cumulative popularity per pool (0 = whole catalogue, 1..4 = one area) for weighted picks.
    add("""
CREATE TEMP TABLE lesson_pool AS
SELECT pool, lesson_id, sum(weight) OVER (PARTITION BY pool ORDER BY lesson_id) - weight AS lo,
       sum(weight) OVER (PARTITION BY pool) AS total
FROM (SELECT 0 AS pool, lesson_id, weight FROM lesson_x
      UNION ALL SELECT area_no AS pool, lesson_id, weight FROM lesson_x)""")

    # ------------------------------------------------------------------ users
    # Sign-ups per UTC day: growth over the year, a weekday pattern, noise, an outage on 14 March.
    weekday = ("CASE dayofweek(day) WHEN 1 THEN 1.15 WHEN 2 THEN 1.1 WHEN 3 THEN 1.05 WHEN 4 THEN 1.0 "
               "WHEN 5 THEN 0.9 WHEN 6 THEN 0.72 ELSE 0.82 END")  # fmt: skip
    add(f"""
CREATE TEMP TABLE signup_day AS
WITH d AS (SELECT k AS t, DATE '{START}' + k::INTEGER AS day FROM range({DAYS}) r(k)),
w AS (SELECT t, day,
             CASE WHEN day = DATE '2026-03-14' THEN 0
                  ELSE CAST(round(1000 * exp(1.15 * t / {DAYS}.0) * {weekday}
                                  * (0.85 + 0.3 * {u("sday", "t")})) AS BIGINT) END AS w
      FROM d),
c AS (SELECT *, sum(w) OVER (ORDER BY t) AS cw, sum(w) OVER () AS tw FROM w)
SELECT t, day, ((cw * {n_real}) // tw - ((cw - w) * {n_real}) // tw)::BIGINT AS n FROM c""")
    tz_cases = " ".join(
        f"WHEN country IS NOT DISTINCT FROM {_lit(c)} THEN {_pick('ut', [(z, w) for z, w in zones])}"
        for c, _, zones in COUNTRIES
    )
    add(f"""
CREATE TEMP TABLE proto AS
WITH base AS (SELECT t, day, t * 1000000 + k AS pk
              FROM (SELECT t, day, unnest(range(n)) AS k FROM signup_day)),
r AS (SELECT *, {quantile(h("country", "pk"), "pk")} AS uc, {u("tz", "pk")} AS ut,
             {u("hour", "pk")} AS uh, {u("minute", "pk")} AS um FROM base),
c AS (SELECT *, {_pick("uc", [(c, w) for c, w, _ in COUNTRIES])} AS country FROM r),
z AS (SELECT *, CASE {tz_cases} END AS tz_full, {_pick("uh", list(enumerate(HOURS)))} AS hour FROM c),
l AS (SELECT *, day::TIMESTAMP + to_seconds(hour * 3600 + floor(um * 3600)::BIGINT) AS local_ts FROM z),
-- `day` is the UTC date of sign-up and `hour` a local hour: move the local time by a day where
-- needed so the UTC date stays `day` (an Indian sign-up late on 31 March UTC is on 1 April in IST).
m AS (SELECT *, local_ts + to_days(date_diff('day', timezone(tz_full, local_ts)::DATE, day)::INTEGER)
                  AS local_fixed FROM l)
SELECT pk, country, tz_full,
       CASE WHEN timezone(tz_full, local_fixed)::DATE = day THEN timezone(tz_full, local_fixed)
            ELSE timezone('UTC', local_ts) END AS created_at
FROM m""")
    # Load-test accounts: a script signing up through the web flow, 20 February 14:00-17:00 UTC.
    add(f"""
CREATE TEMP TABLE u0 AS
SELECT row_number() OVER (ORDER BY created_at, pk) AS user_id, * FROM (
  SELECT pk, country, tz_full, created_at, FALSE AS loadtest FROM proto
  UNION ALL
  SELECT 900000000000 + k, 'US', NULL,
         TIMESTAMPTZ '2026-02-20 14:00:00+00' + to_microseconds(k * {10_800_000_000 // n_lt}), TRUE
  FROM range(1, {n_lt + 1}) r(k))""")
    india_platform = _pick("up", [("android", 60), ("ios", 15), ("web", 25)])
    other_platform = _pick("up", [("ios", 45), ("android", 28), ("web", 27)])
    channel = _pick("uch",
                    [("organic", 42), ("paid_social", 28), ("referral", 10), ("partner", 5), (None, 15)])  # fmt: skip
    add(f"""
CREATE TEMP TABLE u1 AS
WITH a AS (
  SELECT *, {u("platform", "user_id")} AS up,
         row_number() OVER (PARTITION BY loadtest OR created_at < TIMESTAMPTZ '2025-06-01 00:00:00+00'
                            ORDER BY {h("internal", "user_id")}, user_id) AS internal_rank,
         {quantile(h("channel", "user_id"), "user_id", "loadtest")} AS uch,
         {quantile(h("tznull", "user_id"), "user_id", "loadtest")} AS utz
  FROM u0)
SELECT user_id, pk, loadtest, created_at,
       CASE WHEN loadtest THEN 'web' WHEN country = 'IN' THEN {india_platform} ELSE {other_platform} END
         AS platform,
       country,
       CASE WHEN loadtest THEN 'UTC' WHEN utz < 0.05 THEN NULL ELSE tz_full END AS tz,
       coalesce(tz_full, 'UTC') AS tz_true,
       NOT loadtest AND created_at >= TIMESTAMPTZ '2025-06-01 00:00:00+00'
         AND internal_rank <= {p["internal"]} AS internal,
       CASE WHEN loadtest THEN 'organic' ELSE {channel} END AS channel
FROM a""")
    # Emails: a name, a number unique to the account (a bijection of user_id) and a domain.
    name_format = _pick("uf", [("fn || '.' || ln", 45), ("fn || ln", 20), ("fn || '_' || ln", 15),
                               ("left(fn, 1) || ln", 20)], raw=True)  # fmt: skip
    add(f"""
CREATE TEMP TABLE u2 AS
WITH n AS (
  SELECT *, {u("fmt", "user_id")} AS uf, {_pick(u("domain", "user_id"), DOMAINS)} AS domain,
         CASE WHEN country = 'IN' THEN {_lit(INDIAN_FIRST)}[1 + {i("first", len(INDIAN_FIRST), "user_id")}]
              ELSE {_lit(FIRST_NAMES)}[1 + {i("first", len(FIRST_NAMES), "user_id")}] END AS fn,
         CASE WHEN country = 'IN' THEN {_lit(INDIAN_LAST)}[1 + {i("last", len(INDIAN_LAST), "user_id")}]
              ELSE {_lit(LAST_NAMES)}[1 + {i("last", len(LAST_NAMES), "user_id")}] END AS ln,
         (user_id * 7919) % 1000003 AS num
  FROM u1)
SELECT * EXCLUDE (uf, domain, fn, ln, num),
       CASE WHEN loadtest THEN 'loadtest+' || lpad((pk - 900000000000)::VARCHAR, 4, '0') || '@bytewise.dev'
            WHEN internal THEN fn || '.' || ln || num || '@bytewise.com'
            ELSE {name_format} || num || '@' || domain END AS email0
FROM n""")
    # Q6: pairs of separate accounts whose emails differ only in case (the later one capitalised).
    # A few of the later accounts were created on 20 February, in the middle of the load test.
    k20 = max(1, round(p["case_pairs"] / 10))
    add(f"""
CREATE TEMP TABLE case_pair AS
WITH c AS (
  SELECT user_id, email0, created_at,
         row_number() OVER (ORDER BY {h("casepair", "user_id")}, user_id) AS r
  FROM u2 WHERE NOT loadtest AND NOT internal AND created_at < TIMESTAMPTZ '2026-02-20 00:00:00+00'),
chosen AS (SELECT user_id, email0, row_number() OVER (ORDER BY user_id) AS k
           FROM c WHERE r <= {2 * (p["case_pairs"] - k20)}),
a20 AS (SELECT user_id, email0, row_number() OVER (ORDER BY r) AS k
        FROM c WHERE r > {2 * (p["case_pairs"] - k20)} AND r <= {2 * (p["case_pairs"] - k20) + k20}),
b20 AS (SELECT user_id, row_number() OVER (ORDER BY {h("casepair20", "user_id")}, user_id) AS k
        FROM u2
        WHERE NOT loadtest AND NOT internal AND created_at >= TIMESTAMPTZ '2026-02-20 00:00:00+00'
          AND created_at < TIMESTAMPTZ '2026-02-21 00:00:00+00')
SELECT b.user_id, upper(left(a.email0, 1)) || substr(a.email0, 2) AS email
FROM chosen a JOIN chosen b ON a.k % 2 = 1 AND b.k = a.k + 1
UNION ALL
SELECT b.user_id, upper(left(a.email0, 1)) || substr(a.email0, 2) FROM a20 a JOIN b20 b USING (k)""")

    # Behaviour of every account. Onboarding completion is exact per period (Q10); those who finish
    # onboarding come back more often. Lifetimes are Lomax: most users leave in days, a tail stays.
    add(f"""
CREATE TEMP TABLE u3 AS
WITH a AS (
  SELECT u2.*, coalesce(cp.email, u2.email0) AS email,
         created_at >= TIMESTAMPTZ '2026-02-02 00:00:00+00' AS redesign,
         timezone(tz_true, created_at)::DATE AS signup_local,
         row_number() OVER (PARTITION BY loadtest, created_at >= TIMESTAMPTZ '2026-02-02 00:00:00+00'
                            ORDER BY {h("onboard", "user_id")}, user_id) AS ob_rank,
         count(*) OVER (PARTITION BY loadtest, created_at >= TIMESTAMPTZ '2026-02-02 00:00:00+00') AS ob_n,
         row_number() OVER (PARTITION BY loadtest OR internal ORDER BY {h("delete", "user_id")}, user_id)
           AS del_rank
  FROM u2 LEFT JOIN case_pair cp USING (user_id)),
b AS (
  SELECT *,
         CASE WHEN loadtest THEN 0
              WHEN ob_rank <= round(ob_n * CASE WHEN redesign THEN 0.63 ELSE 0.55 END) THEN 4
              ELSE {_pick(u("oblevel", "user_id"), [(0, 20), (1, 40), (2, 30), (3, 10)])} END AS ob_level,
         NOT loadtest AND NOT internal AND del_rank <= round({n_real} * 0.02) AS deleted
  FROM a),
-- Who comes back after day 0, and for how long, follow low-discrepancy (Weyl) sequences over each
-- group's users in sign-up order, seeded by an offset: any stretch of sign-up dates, even in the
-- small size, gets the stated share of returners and the Lomax spread of lifetimes.
c AS (
  SELECT *,
         (row_number() OVER (PARTITION BY loadtest, internal, redesign, ob_level = 4 ORDER BY user_id)
            * 0.6180339887498949 + {u("returnsoffset", "0")}) % 1
           < CASE WHEN ob_level = 4 THEN 0.66 ELSE 0.40 END + CASE WHEN redesign THEN 0.09 ELSE 0 END
           AS returns
  FROM b),
d AS (
  SELECT *,
         (row_number() OVER (PARTITION BY loadtest, internal, redesign, ob_level = 4, returns ORDER BY user_id)
            * 0.4142135623730951 + {u("lifeoffset", "0")}) % 1 AS life_q,
         {quantile(h("pact", "user_id"), "user_id", "loadtest, internal, redesign, returns")} AS pact_q
  FROM c)
SELECT *,
       CASE WHEN loadtest THEN 0 WHEN internal THEN 400 WHEN NOT returns THEN 0
            ELSE least(400, 1 + floor(3.0 * (pow(1 - life_q, -1 / 0.8) - 1)))::INTEGER
       END AS life,
       CASE WHEN internal THEN 0.85 ELSE 0.3 + 0.6 * pact_q END AS p_act,
       CASE WHEN deleted THEN created_at + to_microseconds(CAST(
              (0.03 + 0.94 * {u("deltime", "user_id")})
              * (epoch_us(TIMESTAMPTZ '{AS_OF}') - epoch_us(created_at)) AS BIGINT)) END AS deleted_at,
       CASE WHEN loadtest OR {u("second", "user_id")} >= 0.15 THEN NULL
            WHEN platform <> 'web' THEN 'web'
            WHEN {u("secondpl", "user_id")} < 0.5 THEN 'ios' ELSE 'android' END AS second_platform,
       CASE WHEN platform = 'android'
            THEN {_pick(u("lagband", "user_id"), [("0 + " + i("lag", 3, "user_id"), 30), ("3 + " + i("lag", 12, "user_id"), 25), ("15 + " + i("lag", 46, "user_id"), 20), ("61 + " + i("lag", 340, "user_id"), 25)], raw=True)}
            ELSE {_pick(u("lagband", "user_id"), [("0 + " + i("lag", 3, "user_id"), 50), ("3 + " + i("lag", 12, "user_id"), 32), ("15 + " + i("lag", 46, "user_id"), 14), ("61 + " + i("lag", 340, "user_id"), 4)], raw=True)}
       END::INTEGER AS lag,
       55 + 35 * {u("skill", "user_id")} AS skill,
       -- Phones too old for 5.1 (it raised the minimum Android version) stay on 5.0.x.
       {u("oldos", "user_id")} < CASE WHEN country = 'IN' THEN 0.36 ELSE 0.18 END AS old_os,
       1 + {i("area", 4, "user_id")} AS pref_area,
       lower(hex(md5_number({seed} || ':anon:' || user_id))) AS anon_own,
       lower(hex(md5_number({seed} || ':anon2:' || user_id))) AS anon2
FROM d""")
    # Q8: shared devices. Pairs of mobile users on the same platform; the later one signed up on
    # the earlier one's device, so that anonymous_id maps to both.
    n_shared = max(2, round(0.01 * (n_real * 1.08 + n_lt)))
    add(f"""
CREATE TEMP TABLE shared AS
WITH c AS (
  SELECT user_id, platform, anon_own,
         row_number() OVER (ORDER BY {h("shared", "user_id")}, user_id) AS r
  FROM u3 WHERE NOT loadtest AND NOT internal AND platform <> 'web'),
chosen AS (SELECT *, row_number() OVER (PARTITION BY platform ORDER BY user_id) AS k
           FROM c WHERE r <= {2 * n_shared})
SELECT b.user_id, a.anon_own AS anon
FROM chosen a JOIN chosen b ON a.platform = b.platform AND a.k % 2 = 1 AND b.k = a.k + 1""")
    add("""
CREATE TEMP TABLE ux AS
SELECT u3.*, coalesce(shared.anon, u3.anon_own) AS anon1,
       ob_level >= 3 AND platform <> 'web' AS push_ok
FROM u3 LEFT JOIN shared USING (user_id)""")

    # Referrals point to an account from an earlier month (never a load-test one). DuckDB checks a
    # self-referencing key against rows already stored, so users go in month by month.
    add(f"""
CREATE TEMP TABLE user_row AS
WITH m AS (
  SELECT *, date_diff('month', TIMESTAMPTZ '{START} 00:00:00+00', created_at) AS batch FROM ux),
f AS (SELECT batch, min(user_id) AS first_id FROM m GROUP BY batch),
lt AS (SELECT min(user_id) AS lo, max(user_id) AS hi FROM ux WHERE loadtest),
r AS (
  SELECT m.*, CASE WHEN m.channel = 'referral' AND f.first_id > 1 AND {u("hasref", "m.user_id")} < 0.92
                   THEN 1 + {i("referrer", "f.first_id - 1", "m.user_id")} END AS ref0
  FROM m JOIN f USING (batch))
SELECT r.*, CASE WHEN ref0 BETWEEN lt.lo AND lt.hi THEN ref0 - (lt.hi - lt.lo + 1) ELSE ref0 END AS ref
FROM r, lt""")
    for batch in range(13):
        add(f"""
INSERT INTO users
SELECT user_id, email, created_at, platform, country, tz, channel, ref,
       CASE WHEN loadtest OR created_at < TIMESTAMPTZ '2025-06-01 00:00:00+00' THEN NULL ELSE internal END,
       deleted_at
FROM user_row WHERE batch = {batch} ORDER BY user_id""")

    # ------------------------------------------------------------------ activity
    # Active days: day 0 always, then each day of the lifetime with the user's rate (less at weekends).
    add(f"""
CREATE TEMP TABLE uday AS
WITH d AS (
  SELECT user_id, p_act, signup_local,
         unnest(range(least(life, date_diff('day', signup_local, DATE '2026-03-31')) + 1)) AS d
  FROM ux WHERE NOT loadtest)
SELECT user_id, d::INTEGER AS d, signup_local + d::INTEGER AS local_day
FROM d
WHERE d = 0 OR {u("active", "user_id", "d")}
   < p_act * CASE WHEN dayofweek(signup_local + d::INTEGER) IN (0, 6) THEN 0.8 ELSE 1.0 END""")
    add(f"""
CREATE TEMP TABLE sess0 AS
WITH n AS (
  SELECT *, CASE WHEN d = 0 THEN 1 + ({u("nsess", "user_id", "d")} < 0.25)::INTEGER
                 ELSE 1 + ({u("nsess", "user_id", "d")} < 0.36)::INTEGER
                        + ({u("nsess2", "user_id", "d")} < 0.1)::INTEGER END AS n
  FROM uday),
x AS (SELECT user_id, d, local_day, unnest(range(n))::INTEGER AS s FROM n)
SELECT x.user_id, x.d, x.s, x.local_day, x.user_id * 4096 + x.d * 4 + x.s AS skey,
       CASE WHEN ux.second_platform IS NOT NULL AND x.d > 0 AND {u("device", "x.user_id", "x.d")} < 0.3
            THEN 1 ELSE 0 END AS device,
       CASE WHEN x.d = 0 AND x.s = 0 THEN ux.created_at - INTERVAL 90 SECOND
            WHEN x.d = 0 THEN ux.created_at + to_seconds(7200 + {i("gap0", 18000, "x.user_id")})
            ELSE timezone(ux.tz_true, x.local_day::TIMESTAMP + to_seconds(
                   {_pick(u("shour", "x.user_id", "x.d"), list(enumerate(HOURS)))} * 3600
                   + {i("smin", 3600, "x.user_id", "x.d")}
                   + CASE WHEN x.s >= 1 THEN 7200 + {i("gap1", 14400, "x.user_id", "x.d")} ELSE 0 END
                   + CASE WHEN x.s >= 2 THEN 3600 + {i("gap2", 7200, "x.user_id", "x.d")} ELSE 0 END))
       END AS t0
FROM x JOIN ux USING (user_id)""")
    add(f"""
CREATE TEMP TABLE sess1 AS
SELECT s.*, CASE WHEN s.device = 1 THEN ux.second_platform ELSE ux.platform END AS platform,
       CASE WHEN s.device = 1 THEN ux.anon2 ELSE ux.anon1 END AS anon,
       CASE WHEN ux.old_os AND (s.device = 1 AND ux.second_platform = 'android'
                                OR s.device = 0 AND ux.platform = 'android')
            THEN least(greatest(s.local_day - ux.lag, ux.signup_local), DATE '{OLD_OS_LAST_DAY}')
            ELSE greatest(s.local_day - ux.lag, ux.signup_local) END AS eff_day,
       ux.ob_level, ux.push_ok, ux.created_at, ux.internal
FROM sess0 s JOIN ux USING (user_id)
WHERE s.t0 < TIMESTAMPTZ '{AS_OF}' AND (ux.deleted_at IS NULL OR s.t0 < ux.deleted_at)
  AND (s.d = 0 OR s.t0 > ux.created_at)""")
    # App version of the day: the latest release the user's update lag allows (never older than the
    # install). 5.3.1 was a forced update: nobody is left on 5.3.0 from 17 March.
    add(f"""
CREATE TEMP TABLE sess AS
WITH v AS (
  SELECT s.*, r.app_version AS v0 FROM sess1 s
  ASOF LEFT JOIN rel r ON s.platform = r.platform AND s.eff_day >= r.rel_date)
SELECT * EXCLUDE (v0, eff_day),
       CASE WHEN platform = 'android' AND v0 = '5.3.0' AND local_day >= DATE '2026-03-17' THEN '5.3.1' ELSE v0 END AS app_version,
       printf('%016x', {h("sid", "skey")}) AS session_id,
       CASE WHEN d = 0 AND s = 0
            THEN CASE WHEN ob_level = 4 THEN ({u("nl", "skey")} < 0.8)::INTEGER + ({u("nl2", "skey")} < 0.3)::INTEGER
                      ELSE ({u("nl", "skey")} < 0.35)::INTEGER END
            ELSE {_pick(u("nl", "skey"), [(0, 12), (1, 44), (2, 29), (3, 15)])} END AS nl,
       {u("abandon", "skey")} < 0.15 AS abandoned,
       CASE WHEN d = 0 AND s = 0 THEN {u("pw", "skey")} < CASE WHEN ob_level = 4 THEN 0.6 ELSE 0.1 END
            ELSE {u("pw", "skey")} < 0.09 END AS pw_base,
       push_ok AND platform <> 'web' AND d > 0 AND s = 0 AND {u("frompush", "skey")} < 0.3 AS from_push,
       CASE WHEN d = 0 AND s = 0 THEN created_at + INTERVAL 120 SECOND ELSE t0 + INTERVAL 10 SECOND END AS lb
FROM v""")

    # ------------------------------------------------------------------ experiments and trials
    add(f"""
CREATE TEMP TABLE win AS
SELECT user_id, skey, t0, greatest(t0, created_at) AS at_ts,
       row_number() OVER (PARTITION BY user_id ORDER BY t0, skey) AS n
FROM sess
WHERE greatest(t0, created_at) >= TIMESTAMPTZ '{EXP_START}' AND greatest(t0, created_at) < TIMESTAMPTZ '{EXP_END}'""")
    # 50/50, alternating within strata of who will see the mobile paywall (and on which app), so the
    # exposure SRM of Q9 shows even in the small size.
    add(f"""
CREATE TEMP TABLE assign1 AS
WITH f AS (SELECT user_id, at_ts FROM win WHERE n = 1),
pw AS (
  SELECT s.user_id, bool_or(s.platform <> 'android' OR s.app_version NOT IN {tuple(old_android)}) AS seen_new
  FROM sess s JOIN f USING (user_id)
  WHERE s.pw_base AND s.platform <> 'web'
    AND CASE WHEN s.d = 0 AND s.s = 0 THEN s.created_at + INTERVAL 100 SECOND
             ELSE s.lb + to_seconds(s.nl * 540 + 100) END BETWEEN f.at_ts AND TIMESTAMPTZ '{EXP_END}'
  GROUP BY 1)
SELECT f.user_id, f.at_ts AS assigned_at,
       CASE WHEN row_number() OVER (PARTITION BY pw.user_id IS NULL, pw.seen_new
                                    ORDER BY {h("variant", "f.user_id")}, f.user_id) % 2 = 1
            THEN 'control' ELSE 'treatment' END AS variant
FROM f LEFT JOIN pw USING (user_id)""")
    add(f"""
CREATE TEMP TABLE assign AS
WITH two AS (
  SELECT w.user_id, w.at_ts,
         row_number() OVER (ORDER BY {h("both", "w.user_id")}, w.user_id) AS r
  FROM win w WHERE w.n = 2)
SELECT user_id, assigned_at, variant, 1 AS k FROM assign1
UNION ALL
SELECT t.user_id, t.at_ts, CASE a.variant WHEN 'control' THEN 'treatment' ELSE 'control' END, 2
FROM two t JOIN assign1 a USING (user_id)
WHERE t.r <= greatest(1, round(0.003 * (SELECT count(*) FROM assign1)))""")
    # Trial candidates outside the experiment: some paywall views turn into a trial.
    add(f"""
CREATE TEMP TABLE cand AS
SELECT s.user_id, s.skey, s.platform,
       CASE WHEN s.d = 0 AND s.s = 0 THEN s.created_at + INTERVAL 100 SECOND
            ELSE s.lb + to_seconds(s.nl * 540 + 100) END AS pw_ts
FROM sess s
WHERE s.pw_base AND NOT s.internal
  AND {u("trial", "s.skey")} < CASE WHEN s.d = 0 AND s.s = 0 THEN 0.12 ELSE 0.05 END""")
    add(f"""
CREATE TEMP TABLE cand2 AS
SELECT c.* FROM cand c LEFT JOIN assign1 a USING (user_id)
WHERE a.user_id IS NULL OR NOT (c.pw_ts >= a.assigned_at AND c.pw_ts < TIMESTAMPTZ '{EXP_END}')""")
    # The experiment's own trials: exact counts per arm, so the true lift is EXP_LIFT.
    add(f"""
CREATE TEMP TABLE exp_trial AS
WITH a AS (
  SELECT a.*, count(*) OVER (PARTITION BY variant) AS n_arm,
         count(*) FILTER (WHERE variant = 'control') OVER () AS n_control FROM assign1 a),
el AS (
  SELECT a.*, row_number() OVER (PARTITION BY variant ORDER BY {h("exptrial", "a.user_id")}, a.user_id) AS r
  FROM a JOIN ux USING (user_id)
  WHERE NOT ux.internal
    AND NOT EXISTS (SELECT 1 FROM cand2 c WHERE c.user_id = a.user_id AND c.pw_ts < a.assigned_at)
    AND EXISTS (SELECT 1 FROM win w WHERE w.user_id = a.user_id
                AND w.t0 < TIMESTAMPTZ '{EXP_END}' - INTERVAL 2 HOUR)),
chosen AS (
  SELECT user_id FROM el
  WHERE r <= CASE variant
                WHEN 'control' THEN round(n_arm * {EXP_CONTROL_TRIAL_RATE})
                ELSE round(n_arm * (round(n_control * {EXP_CONTROL_TRIAL_RATE}) / n_control + {EXP_LIFT})) END),
ws AS (
  SELECT w.user_id, w.skey, row_number() OVER (PARTITION BY w.user_id ORDER BY {h("expsess", "w.skey")}, w.skey) AS r
  FROM win w JOIN chosen USING (user_id) WHERE w.t0 < TIMESTAMPTZ '{EXP_END}' - INTERVAL 2 HOUR)
SELECT user_id, skey FROM ws WHERE r = 1""")
    add("""
CREATE TEMP TABLE sessp AS
SELECT s.*, s.pw_base OR e.skey IS NOT NULL AS pw,
       CASE WHEN s.d = 0 AND s.s = 0 THEN s.created_at + INTERVAL 100 SECOND
            ELSE s.lb + to_seconds(s.nl * 540 + 100) END AS pw_ts
FROM sess s LEFT JOIN exp_trial e USING (skey)""")
    add(f"""
CREATE TEMP TABLE trial AS
WITH t AS (
  SELECT user_id, skey, platform, pw_ts FROM cand2
  UNION ALL
  SELECT s.user_id, s.skey, s.platform, s.pw_ts FROM sessp s JOIN exp_trial USING (skey))
SELECT user_id, skey, platform, pw_ts + to_seconds(40 + {i("trialdelay", 160, "skey")}) AS started_at
FROM (SELECT *, row_number() OVER (PARTITION BY user_id ORDER BY pw_ts, skey) AS r FROM t)
WHERE r = 1 AND pw_ts + INTERVAL 200 SECOND < TIMESTAMPTZ '{AS_OF}'""")

    # ------------------------------------------------------------------ subscriptions (Q11)
    def outcome(prefix: str, key: str) -> str:
        """Status columns for subscriptions whose started_at, first_paid_at (if paying) and plan are known."""
        return f"""
  CASE WHEN plan = 'monthly'
       THEN first_paid_at + to_seconds(CAST((30 * floor(ln(1 - {u(prefix + "m", key)}) / ln(0.83))
                                             + 30 * {u(prefix + "m2", key)}) * 86400 AS BIGINT))
       WHEN {u(prefix + "a", key)} < 0.2
       THEN first_paid_at + to_seconds(CAST(330 * {u(prefix + "a2", key)} * 86400 AS BIGINT))
  END AS churn_at"""

    currency = ("CASE WHEN country = 'IN' THEN 'INR' WHEN country = 'GB' THEN 'GBP' "
                f"WHEN country IN {tuple(EUR)} THEN 'EUR' ELSE 'USD' END")  # fmt: skip
    price = " ".join(
        f"WHEN currency = '{c}' THEN CASE plan WHEN 'monthly' THEN {m} ELSE {a} END"
        for c, (m, a) in PRICES.items()
    )
    add(f"""
CREATE TEMP TABLE sub1 AS
WITH t AS (
  SELECT t.user_id, t.skey AS key, 1 AS level, t.platform, t.started_at,
         CASE WHEN {u("plan", "t.skey")} < 0.28 THEN 'annual' ELSE 'monthly' END AS plan,
         {currency} AS currency,
         {u("convert", "t.skey")} < 0.47 AS converts
  FROM trial t JOIN ux USING (user_id)),
p AS (
  SELECT *, CASE WHEN converts THEN started_at + INTERVAL 7 DAY END AS first_paid_at,
         started_at + to_seconds(CAST(7 * 86400 * {u("trialcancel", "key")} AS BIGINT)) AS trial_cancel
  FROM t)
SELECT *, {outcome("s1", "key")} FROM p""")
    add(f"""
CREATE TEMP TABLE subs_all AS
SELECT user_id, key, level, platform, plan, currency, started_at,
       CASE WHEN first_paid_at < TIMESTAMPTZ '{AS_OF}' THEN first_paid_at END AS first_paid_at,
       CASE WHEN NOT converts AND trial_cancel < TIMESTAMPTZ '{AS_OF}' THEN trial_cancel
            WHEN converts AND churn_at < TIMESTAMPTZ '{AS_OF}' THEN churn_at END AS canceled_at,
       {u("pastdue", "key")} < 0.06 AS past_due
FROM sub1""")
    # Resubscribers: some who cancelled (after paying, or during the trial) come back later and pay
    # at once, without a trial (twice at most).
    for level in (2, 3):
        add(f"""
INSERT INTO subs_all
WITH prev AS (
  SELECT * FROM subs_all
  WHERE level = {level - 1} AND canceled_at IS NOT NULL
    AND {u("resub", "key")} < CASE WHEN first_paid_at IS NULL THEN 0.2 ELSE 0.4 END),
n AS (
  SELECT p.user_id, p.key * 8 + {level} AS key, {level} AS level, ux.platform,
         CASE WHEN {u("plan", "p.key", str(level))} < 0.15 THEN 'annual' ELSE 'monthly' END AS plan, p.currency,
         p.canceled_at + to_seconds(CAST((3 + 70 * {u("resubgap", "p.key")}) * 86400 AS BIGINT)) AS started_at
  FROM prev p JOIN ux USING (user_id)),
o AS (SELECT *, started_at AS first_paid_at, {outcome(f"s{level}", "key")} FROM n
      WHERE started_at < TIMESTAMPTZ '{AS_OF}')
SELECT user_id, key, level, platform, plan, currency, started_at, first_paid_at,
       CASE WHEN churn_at < TIMESTAMPTZ '{AS_OF}' THEN churn_at END, {u("pastdue", "key")} < 0.06
FROM o""")
    add(f"""
CREATE TEMP TABLE subs AS
SELECT row_number() OVER (ORDER BY started_at, user_id, key) AS subscription_id, *,
       CASE WHEN canceled_at IS NOT NULL THEN 'canceled'
            WHEN first_paid_at IS NULL THEN 'trialing'
            WHEN past_due AND first_paid_at < TIMESTAMPTZ '{AS_OF}' - INTERVAL 30 DAY THEN 'past_due'
            ELSE 'active' END AS status,
       CASE {price} END AS amount_cents
FROM subs_all""")
    add("""
INSERT INTO subscriptions
SELECT subscription_id, user_id, plan, status, started_at, first_paid_at, canceled_at, amount_cents, currency
FROM subs ORDER BY subscription_id""")
    add(f"""
CREATE TEMP TABLE premium AS
SELECT user_id, min(started_at) AS p_from, max(coalesce(canceled_at, TIMESTAMPTZ '{AS_OF}')) AS p_to
FROM subs GROUP BY user_id""")

    # ------------------------------------------------------------------ lesson completions
    add(f"""
CREATE TEMP TABLE slot AS
WITH x AS (SELECT s.*, unnest(range(s.nl))::INTEGER AS j FROM sess s WHERE s.nl > 0),
t AS (SELECT x.*, x.lb + to_seconds(j * 540 + {i("lstart", 60, "skey", "j")}) AS started_ts FROM x)
SELECT t.user_id, t.skey, t.j, t.platform, t.anon, t.session_id, t.app_version, t.local_day, t.started_ts,
       t.started_ts + to_seconds(150 + {i("ldur", 300, "skey", "j")}) AS completed_at
FROM t JOIN ux USING (user_id)
WHERE t.started_ts + to_seconds(150 + {i("ldur", 300, "skey", "j")}) < TIMESTAMPTZ '{AS_OF}'
  AND (ux.deleted_at IS NULL
       OR t.started_ts + to_seconds(150 + {i("ldur", 300, "skey", "j")}) < ux.deleted_at)""")
    add(f"""
CREATE TEMP TABLE slot2 AS
WITH k AS (
  SELECT *, row_number() OVER (PARTITION BY user_id ORDER BY completed_at, skey, j) - 1 AS k FROM slot),
r AS (
  SELECT *, k >= 2 AND {u("retake", "skey", "j")} < 0.08 AS retake FROM k)
SELECT r.*, CASE WHEN retake THEN k - 1 - ({h("retakeof", "skey", "j")} % least(k, 5)) ELSE k END AS src,
       ux.pref_area
FROM r JOIN ux USING (user_id)""")
    # The lesson of the user's n-th pick: the first four of their favourite area in order, then
    # weighted picks, 60% from that area. A retake repeats an earlier pick.
    add(f"""
CREATE TEMP TABLE pick AS
WITH q AS (
  SELECT *, CASE WHEN {u("pool", "user_id", "src")} < 0.6 THEN pref_area ELSE 0 END AS pool
  FROM slot2),
x AS (
  SELECT q.*, floor({u("lessonpick", "user_id", "src")} * t.total)::BIGINT AS x
  FROM q JOIN (SELECT DISTINCT pool, total FROM lesson_pool) t USING (pool))
SELECT x.* EXCLUDE (x, pool),
       CASE WHEN src < 4 THEN (pref_area - 1) * 30 + src + 1 ELSE lp.lesson_id END AS wanted
FROM x ASOF JOIN lesson_pool lp ON x.pool = lp.pool AND x.x >= lp.lo""")
    add(f"""
CREATE TEMP TABLE comp AS
WITH a AS (
  SELECT p.*, ux.tz, ux.skill, ux.internal, pr.p_from, pr.p_to, l.is_premium, l.published_at, l.retired_at,
         l.area_no
  FROM pick p JOIN ux USING (user_id) LEFT JOIN premium pr USING (user_id)
  JOIN lesson_x l ON l.lesson_id = p.wanted),
b AS (
  SELECT *,
         CASE WHEN published_at <= local_day AND (retired_at IS NULL OR retired_at > local_day)
                   AND (NOT is_premium OR internal OR (completed_at >= p_from AND completed_at < p_to))
              THEN wanted ELSE (area_no - 1) * 30 + 1 + (src % 6) END AS lesson_id
  FROM a)
SELECT row_number() OVER (ORDER BY b.completed_at, b.user_id, b.skey, b.j) AS completion_id,
       b.user_id, b.skey, b.j, b.platform, b.anon, b.session_id, b.app_version, b.started_ts, b.completed_at,
       b.retake, b.lesson_id,
       1 + (l.rev1 IS NOT NULL AND l.rev1 <= b.local_day)::INTEGER
         + (l.rev2 IS NOT NULL AND l.rev2 <= b.local_day)::INTEGER AS lesson_version,
       timezone(coalesce(b.tz, 'UTC'), b.completed_at)::DATE AS local_date,
       CASE WHEN l.no_quiz OR {u("noquiz", "b.skey", "b.j")} < 0.09 THEN NULL
            ELSE greatest(0, least(100, 10 * round((b.skill - 8 * (l.difficulty - 1)
                   + 30 * ({u("score1", "b.skey", "b.j")} + {u("score2", "b.skey", "b.j")} - 1)
                   + CASE WHEN b.retake THEN 8 ELSE 0 END) / 10)))::SMALLINT END AS score_pct,
       l.difficulty
FROM b JOIN lesson_x l ON l.lesson_id = b.lesson_id""")
    add("""
INSERT INTO lesson_completions
SELECT completion_id, user_id, lesson_id, lesson_version, completed_at, local_date, score_pct,
       (10 * difficulty + CASE WHEN score_pct >= 90 THEN 10 WHEN score_pct >= 70 THEN 5 ELSE 0 END)
         // CASE WHEN retake THEN 2 ELSE 1 END,
       platform
FROM comp
-- Stored by learner and time: per-user reads touch few row groups.
ORDER BY user_id, completed_at, completion_id""")

    add("CREATE INDEX ix_completions_user_time ON lesson_completions (user_id, completed_at)")

    # ------------------------------------------------------------------ Android 5.3.0 (Q4)
    # The bug: a push arriving in the background fires app_opened and session_start. Pushes reach
    # users who allowed reminders and still have the app (up to 45 days after their last visit).
    bug_d = "date_diff('day', signup_local, day)"
    bug_key = f"user_id * 4096 + {bug_d} * 4 + 3"
    add(f"""
CREATE TEMP TABLE bug AS
WITH last AS (SELECT user_id, max(d) AS last_d FROM sess WHERE device = 0 GROUP BY user_id),
d AS (
  SELECT ux.user_id, ux.created_at, ux.deleted_at, ux.tz_true, ux.anon1, ux.signup_local, ux.lag,
         (DATE '2026-03-02' + k::INTEGER) AS day, last.last_d
  FROM ux JOIN last USING (user_id), range(15) r(k)
  WHERE ux.platform = 'android' AND ux.push_ok AND NOT ux.old_os),
v AS (
  SELECT d.*, r.app_version,
         timezone(d.tz_true, d.day::TIMESTAMP + to_seconds(68400 + {i("bugtime", 7200, "d.user_id", "d.day")}))
           AS ts
  FROM d ASOF JOIN rel r ON r.platform = 'android' AND greatest(d.day - d.lag, d.signup_local) >= r.rel_date
  WHERE {bug_d} BETWEEN 0 AND d.last_d + 45)
SELECT user_id, {bug_key} AS skey, anon1 AS anon, ts, app_version, 'android' AS platform,
       printf('%016x', {h("sid", bug_key)}) AS session_id
FROM v
WHERE app_version = '5.3.0' AND ts > created_at AND ts < TIMESTAMPTZ '{AS_OF}'
  AND (deleted_at IS NULL OR ts < deleted_at)
  AND {u("bugpush", "user_id", bug_d)}
      < CASE WHEN {bug_d} = 7 THEN {1 - (1 - BUG_PUSH_RATE) * (1 - BUG_DAY7_PUSH_RATE)} ELSE {BUG_PUSH_RATE} END""")

    # ------------------------------------------------------------------ events
    def ev(
        code: str,
        name: str,
        user: str,
        ts: str,
        props: str = "NULL::JSON",
        source: str = "'client'",
        session: str = "session_id",
        version: str = "app_version",
        key: str = "skey",
    ) -> str:
        return (f"SELECT {key} * 32 + {code} AS ekey, {key} AS skey, '{name}' AS event_name, {user} AS user_id, "
                f"anon, {session} AS session_id, {ts} AS true_ts, {source} AS source, platform, "
                f"{version} AS app_version, {props} AS props")  # fmt: skip

    signup = "d = 0 AND s = 0"
    uid_after = "CASE WHEN d = 0 AND s = 0 THEN NULL ELSE user_id END"
    parts = [
        # sessions
        ev("0", "app_opened", uid_after, "t0") + " FROM sessp WHERE platform <> 'web'",
        ev("1", "session_start", uid_after, "t0 + INTERVAL 2 SECOND") + " FROM sessp",
        # the app brought back to the foreground between lessons (same session)
        ev("20", "app_opened", "user_id", "lb + INTERVAL 510 SECOND")
        + f" FROM sessp WHERE platform <> 'web' AND nl >= 2 AND {u('resume', 'skey')} < 0.7",
        ev("21", "app_opened", "user_id", "lb + INTERVAL 1050 SECOND")
        + f" FROM sessp WHERE platform <> 'web' AND nl >= 3 AND {u('resume2', 'skey')} < 0.6",
        ev(
            "2",
            "push_received",
            "user_id",
            f"t0 - to_seconds(30 + {i('pushdelay', 1200, 'skey')})",
            "json_object('campaign', "
            + _pick(
                u("campaign", "skey"),
                [("daily_reminder", 70), ("streak_saver", 20), ("weekly_digest", 10)],
            )
            + ")",
        )
        + " FROM sessp WHERE from_push",
        ev("3", "push_opened", "user_id", "t0 - INTERVAL 1 SECOND") + " FROM sessp WHERE from_push",
        # sign-up and onboarding (steps occasionally logged out of order)
        ev(
            "4",
            "signup_completed",
            "user_id",
            f"created_at + to_milliseconds(200 + {i('signupdelay', 2500, 'skey')})",
            "json_object('method', "
            + _pick(u("method", "skey"), [("email", 55), ("google", 30), ("apple", 15)])
            + ")",
        )
        + f" FROM sessp WHERE {signup}",
        ev(
            "5",
            "onboarding_step_completed",
            "user_id",
            f"created_at + CASE WHEN {u('oborder', 'skey')} < 0.03 THEN INTERVAL 47 SECOND ELSE INTERVAL 20 SECOND END",
            "json_object('step', 'goal_set')",
        )
        + f" FROM sessp WHERE {signup} AND ob_level >= 1",
        ev(
            "6",
            "onboarding_step_completed",
            "user_id",
            f"created_at + CASE WHEN {u('oborder', 'skey')} < 0.03 THEN INTERVAL 22 SECOND ELSE INTERVAL 45 SECOND END",
            "json_object('step', 'level_set')",
        )
        + f" FROM sessp WHERE {signup} AND ob_level >= 2",
        ev(
            "7",
            "onboarding_step_completed",
            "user_id",
            "created_at + INTERVAL 70 SECOND",
            "json_object('step', 'reminder_set')",
        )
        + f" FROM sessp WHERE {signup} AND ob_level >= 3",
        # Q1: about 3% of web onboarding_completed events are sent before identify.
        ev(
            "8",
            "onboarding_completed",
            f"CASE WHEN platform = 'web' AND {u('obnull', 'skey')} < 0.03 THEN NULL ELSE user_id END",
            "created_at + INTERVAL 85 SECOND",
            "json_object('flow', CASE WHEN created_at >= TIMESTAMPTZ '2026-02-02 00:00:00+00' THEN 'v2' ELSE 'v1' END)",
        )
        + f" FROM sessp WHERE {signup} AND ob_level = 4",
        # lessons
        ev(
            "9 + j",
            "lesson_started",
            "user_id",
            "started_ts",
            "json_object('lesson_id', lesson_id)",
        )
        + " FROM comp",
        ev(
            "13 + j",
            "lesson_completed",
            "user_id",
            "completed_at",
            "json_object('lesson_id', lesson_id)",
        )
        + " FROM comp",
        ev(
            "17",
            "lesson_started",
            "user_id",
            "lb + to_seconds(nl * 540 + 5)",
            f"json_object('lesson_id', 1 + 30 * {i('abarea', 4, 'skey')} + {i('ablesson', 24, 'skey')})",
        )
        + f" FROM sessp WHERE abandoned AND lb + to_seconds(nl * 540 + 5) < TIMESTAMPTZ '{AS_OF}'",
        # paywall and the experiment's exposures
        ev(
            "18",
            "paywall_viewed",
            "user_id",
            "pw_ts",
            "json_object('placement', CASE WHEN d = 0 AND s = 0 THEN 'onboarding' WHEN nl > 0 THEN 'lesson_gate' ELSE 'profile' END)",
        )
        + f" FROM sessp WHERE pw AND pw_ts < TIMESTAMPTZ '{AS_OF}'",
        # Android 5.3.0's background opens
        ev("0", "app_opened", "user_id", "ts") + " FROM bug",
        ev("1", "session_start", "user_id", "ts + INTERVAL 1 SECOND") + " FROM bug",
    ]
    add(f"""
CREATE TEMP TABLE exposure AS
SELECT s.skey, s.user_id, s.anon, s.session_id, s.pw_ts + INTERVAL 1 SECOND AS ts, s.platform, s.app_version,
       a.variant
FROM sessp s ASOF JOIN assign a ON s.user_id = a.user_id AND s.pw_ts >= a.assigned_at
WHERE s.pw AND s.pw_ts < TIMESTAMPTZ '{EXP_END}' AND s.platform <> 'web'
  AND NOT (a.variant = 'treatment' AND s.platform = 'android' AND s.app_version IN {tuple(old_android)})""")
    parts.append(
        ev(
            "19",
            "experiment_exposed",
            "user_id",
            "ts",
            f"json_object('experiment_id', '{EXPERIMENT}', 'variant', variant)",
        )
        + " FROM exposure"
    )
    # Server events: trials and purchases (no session, no app version).
    server = ("SELECT 10000000000000 + subscription_id * 2 + {c} AS ekey, 10000000000000 + subscription_id * 2 + {c} AS skey, "
              "'{name}' AS event_name, s.user_id, ux.anon1 AS anon, NULL AS session_id, {ts} AS true_ts, "
              "'server' AS source, s.platform, NULL AS app_version, "
              "json_object('plan', s.plan, 'subscription_id', s.subscription_id) AS props "
              "FROM subs s JOIN ux USING (user_id) WHERE {where}")  # fmt: skip
    parts.append(server.format(c=0, name="trial_started", ts="s.started_at", where="s.level = 1"))
    parts.append(
        server.format(
            c=1,
            name="subscription_purchased",
            ts="s.first_paid_at",
            where="s.first_paid_at IS NOT NULL",
        )
    )
    # Load-test sign-ups and anonymous visitors who never sign up.
    parts.append(
        "SELECT 20000000000000 + user_id * 4 AS ekey, 20000000000000 + user_id * 4 AS skey, "
        "'signup_completed' AS event_name, user_id, anon_own AS anon, "
        f"printf('%016x', {h('ltsid', 'user_id')}) AS session_id, created_at AS true_ts, 'client' AS source, "
        "'web' AS platform, NULL AS app_version, json_object('method', 'email') AS props "
        "FROM ux WHERE loadtest"
    )
    add(f"""
CREATE TEMP TABLE visitor AS
WITH v AS (
  SELECT k, {_pick(u("vplat", "k"), [("web", 45), ("android", 30), ("ios", 25)])} AS platform,
         DATE '{START}' + {i("vday", DAYS, "k")}::INTEGER AS day, {u("vhour", "k")} AS uh
  FROM range({p["visitors"]}) r(k))
SELECT v.k, v.platform, r.app_version,
       timezone('UTC', v.day::TIMESTAMP + to_seconds({_pick("uh", list(enumerate(HOURS)))} * 3600 + {i("vsec", 3600, "k")}))
         AS ts,
       lower(hex(md5_number({seed} || ':visitor:' || v.k))) AS anon,
       printf('%016x', {h("vsid", "k")}) AS session_id,
       {u("vpw", "k")} < 0.2 AS pw
FROM v ASOF LEFT JOIN rel r ON v.platform = r.platform AND v.day >= r.rel_date""")
    visitor = ("SELECT 30000000000000 + k * 4 + {c} AS ekey, 30000000000000 + k * 4 AS skey, '{name}' AS event_name, "
               "NULL::BIGINT AS user_id, anon, session_id, ts + INTERVAL {off} SECOND AS true_ts, 'client' AS source, "
               "platform, app_version, {props} AS props FROM visitor WHERE {where}")  # fmt: skip
    parts.append(
        visitor.format(c=0, name="app_opened", off=0, props="NULL::JSON", where="platform <> 'web'")
    )
    parts.append(visitor.format(c=1, name="session_start", off=2, props="NULL::JSON", where="TRUE"))
    parts.append(
        visitor.format(
            c=2,
            name="paywall_viewed",
            off=40,
            props="json_object('placement', 'pricing_page')",
            where="pw",
        )
    )
    add("CREATE TEMP TABLE ev0 AS\n" + "\nUNION ALL\n".join(f"({q})" for q in parts))

    # The pipeline's damage: web SDK 3.4.0's local time labelled as UTC (Q3), broken clocks (Q3),
    # late mobile sessions (Q7), re-sent duplicates (Q2) and 10 February loaded twice (Q2).
    add(f"""
CREATE TEMP TABLE ev1 AS
WITH e AS (
  SELECT e.*, coalesce(ux.tz_true, 'UTC') AS tz_true FROM ev0 e
  LEFT JOIN (SELECT anon1 AS anon, min(tz_true) AS tz_true FROM ux GROUP BY anon1
             UNION ALL SELECT anon2, tz_true FROM ux) ux USING (anon)),
t AS (
  SELECT *,
         CASE WHEN source = 'server' THEN true_ts + to_microseconds(20000 + {i("srvdelay", 900000, "ekey")})
              WHEN platform <> 'web' AND {u("late", "skey")} < 0.02
              THEN true_ts + to_seconds(86400 + {i("latedelay", 5 * 86400, "skey")})
              ELSE true_ts + to_microseconds(300000 + {i("delay", 15000000, "ekey")}) END AS received_at,
         CASE WHEN source = 'client' AND {u("clock", "ekey")} < 0.0021
              THEN CASE WHEN {u("clockdir", "ekey")} < 0.5
                        THEN TIMESTAMPTZ '1970-01-01 00:00:00+00' + to_seconds({i("clock70", 3 * 86400, "ekey")})
                        ELSE true_ts + to_seconds(86400 * (400 + {i("clockfut", 3000, "ekey")})) END
              WHEN source = 'client' AND platform = 'web'
                   AND true_ts >= TIMESTAMPTZ '2026-01-05 09:00:00+00' AND true_ts < TIMESTAMPTZ '2026-01-18 21:00:00+00'
              THEN timezone('UTC', timezone(tz_true, true_ts))
              ELSE true_ts END AS event_ts
  FROM e),
k AS (
  SELECT *, 0 AS copy FROM t WHERE received_at < TIMESTAMPTZ '{AS_OF}'
  UNION ALL
  SELECT * REPLACE (received_at + to_seconds(2 + {i("dupdelay", 3600, "ekey")}) AS received_at), 1
  FROM t
  WHERE source = 'client' AND {u("dup", "ekey")} < 0.015
    AND received_at + to_seconds(2 + {i("dupdelay", 3600, "ekey")}) < TIMESTAMPTZ '{AS_OF}')
SELECT *, received_at AS load_ts FROM k
UNION ALL
SELECT * REPLACE (copy + 2 AS copy), TIMESTAMPTZ '2026-02-12 04:00:00+00' FROM k
WHERE received_at >= TIMESTAMPTZ '2026-02-10 00:00:00+00' AND received_at < TIMESTAMPTZ '2026-02-11 00:00:00+00'""")
    add(f"""
INSERT INTO events
SELECT row_number() OVER (ORDER BY load_ts, received_at, ekey, copy) AS row_id,
       (((({h("eid1", "ekey")} // 65536) * 65536 + 16384 + ({h("eid1", "ekey")} % 4096))::UHUGEINT << 64)
         | (({h("eid2", "ekey")} % 4611686018427387904) + 9223372036854775808)::UHUGEINT)::UUID AS event_id,
       event_name, user_id, anon, session_id, event_ts, received_at, source, platform, app_version, props
FROM ev1
-- Stored by event name and time (row_id still numbers the load order): DuckDB skips whole row
-- groups on `event_name = ...` filters, which took the slowest exercises from 105 to 74 ms.
ORDER BY event_name, event_ts, row_id""")

    # ------------------------------------------------------------------ identity, experiments, users
    add("""
CREATE TEMP TABLE second_link AS
SELECT user_id, min(t0) AS linked FROM sess WHERE device = 1 GROUP BY user_id""")
    add("""
INSERT INTO identity_map
SELECT anon, user_id, linked FROM (
  SELECT anon1 AS anon, user_id, created_at AS linked FROM ux
  UNION ALL
  SELECT ux.anon2, ux.user_id, l.linked FROM ux JOIN second_link l USING (user_id))
ORDER BY linked, user_id, anon""")
    add(f"""
INSERT INTO experiment_assignments
WITH old AS (
  SELECT user_id, min(t0) + INTERVAL 5 SECOND AS assigned_at FROM sess
  WHERE t0 >= TIMESTAMPTZ '2025-11-03 00:00:00+00' AND t0 < TIMESTAMPTZ '2025-11-24 00:00:00+00'
    AND t0 > created_at
  GROUP BY user_id),
a AS (
  SELECT 'exp_streak_freeze' AS experiment_id, user_id,
         CASE WHEN {u("oldvariant", "user_id")} < 0.5 THEN 'control' ELSE 'treatment' END AS variant,
         assigned_at, 1 AS k
  FROM old
  UNION ALL
  SELECT '{EXPERIMENT}', user_id, variant, assigned_at, k FROM assign)
SELECT row_number() OVER (ORDER BY assigned_at, user_id, experiment_id, k), experiment_id, user_id, variant,
       assigned_at
FROM a ORDER BY 1""")
    return out

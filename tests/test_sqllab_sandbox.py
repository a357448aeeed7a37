"""Regression tests for every attack class in docs/sandbox-security.md.

Each attack runs through the real worker pool on a real DuckDB file, and is followed by a
normal query that must answer normally: the sandbox survives everything.
"""

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from techfluency.sqllab.sandbox import Limits, Sandbox, SandboxConfig

pytestmark = pytest.mark.xdist_group("sandbox")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sandbox") / "tiny.duckdb"
    connection = duckdb.connect(str(path))
    connection.execute(
        "CREATE TABLE users AS SELECT range AS user_id, 'user' || range || '@example.com' AS email FROM range(1000)"
    )
    connection.execute("CREATE TABLE secrets AS SELECT 'not for learners' AS note")
    connection.close()
    return path


@pytest.fixture(scope="module")
def other_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("other") / "app.duckdb"
    connection = duckdb.connect(str(path))
    connection.execute("CREATE TABLE password_hashes AS SELECT 'pbkdf2$secret' AS hash")
    connection.close()
    return path


@pytest.fixture(scope="module")
def sandbox(dataset: Path) -> Iterator[Sandbox]:
    pool = Sandbox(
        SandboxConfig(
            datasets={"main": dataset},
            limits=Limits(time_limit=1.0, max_rows=100),
            workers=1,
            max_workers=4,
        )
    )
    yield pool
    pool.close()


def assert_still_answers(sandbox: Sandbox) -> None:
    result = sandbox.run("SELECT COUNT(*) AS n FROM users")
    assert result.error is None and result.rows == [[1000]]


def refused(sandbox: Sandbox, sql: str, kind: str | None = None, contains: str = "") -> str:
    result = sandbox.run(sql)
    assert result.error is not None, f"{sql!r} was not refused: {result.rows[:3]}"
    if kind:
        assert result.error.kind == kind, result.error
    assert contains in result.error.message
    assert_still_answers(sandbox)
    return result.error.message


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/proc/self/environ')",
        "SELECT * FROM glob('/etc/*')",
        "SELECT * FROM read_parquet('/etc/hostname')",
    ],
)
def test_file_and_secret_reads_are_denied(sandbox, sql):
    refused(sandbox, sql, contains="disabled by configuration")


def test_a_file_path_as_a_table_name_reads_nothing(sandbox):
    # With external access off, DuckDB does not turn a quoted path into a file scan at all.
    message = refused(sandbox, "SELECT * FROM '/etc/passwd'", kind="error")
    assert "root:" not in message


def test_query_function_cannot_smuggle_a_file_read(sandbox):
    refused(
        sandbox,
        "SELECT * FROM query('SELECT * FROM read_text(''/etc/passwd'')')",
        contains="disabled by configuration",
    )


def test_python_objects_in_the_worker_are_not_visible_as_tables(sandbox):
    # With replacement scans on, DuckDB would read a DataFrame or list named like this.
    for name in ("workspace", "job", "setup", "sys"):
        message = refused(sandbox, f"SELECT * FROM {name}", kind="error")
        assert "Catalog Error" in message


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("COPY (SELECT * FROM users) TO '/tmp/stolen.csv'", "read-only"),
        ("EXPORT DATABASE '/tmp/export'", "read-only"),
        ("CREATE TABLE x AS SELECT 1", "read-only"),
        ("INSERT INTO users VALUES (1, 'x')", "read-only"),
        ("DELETE FROM users", "read-only"),
    ],
)
def test_writes_are_refused_before_running(sandbox, sql, kind, tmp_path):
    refused(sandbox, sql, kind=kind, contains="only SELECT")
    assert not Path("/tmp/stolen.csv").exists()


def test_attaching_another_database_is_refused(sandbox, other_database):
    refused(sandbox, f"ATTACH '{other_database}' AS app", kind="read-only")
    # Through a table function, too.
    message = refused(sandbox, f"SELECT * FROM read_parquet('{other_database}')")
    assert "pbkdf2" not in message


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_extension_installs_make_no_outbound_request(sandbox):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        refused(sandbox, f"INSTALL evil FROM 'http://127.0.0.1:{port}/'", kind="read-only")
        refused(sandbox, "INSTALL httpfs", kind="read-only")
        refused(sandbox, "LOAD httpfs", kind="read-only")
        refused(sandbox, f"SELECT * FROM read_csv('http://127.0.0.1:{port}/x.csv')")
    finally:
        server.shutdown()
    assert _Recorder.hits == []


@pytest.mark.parametrize(
    "sql",
    [
        "SET memory_limit = '8GB'",
        "RESET memory_limit",
        "SET lock_configuration = false",
        "PRAGMA threads=8",
        "CALL pragma_version()",
    ],
)
def test_undoing_the_hardening_is_refused(sandbox, sql):
    refused(sandbox, sql, kind="read-only")
    assert sandbox.run("SELECT current_setting('enable_external_access') AS on").rows == [[False]]


def test_hidden_second_statement_is_rejected_before_anything_runs(sandbox):
    refused(sandbox, "SELECT 1; DROP TABLE users", kind="statements", contains="found 2")
    refused(sandbox, "SELECT 1; SELECT note FROM secrets", kind="statements")


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT COUNT(*) FROM range(1000000000000)",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT COUNT(*) FROM r",
        "SELECT COUNT(*) FROM users a, users b, users c, users d",
    ],
)
def test_runaway_cpu_is_stopped_at_the_time_limit(sandbox, sql):
    message = refused(sandbox, sql, kind="time")
    assert message == "Stopped after 1 s: the time limit for one query."


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT repeat('x', 2000000000) AS huge",
        "SELECT repeat('x', 1000000) AS mb FROM range(5000)",
        "SELECT list(range) FROM range(400000000)",
    ],
)
def test_memory_bombs_are_stopped_and_named(sandbox, sql):
    result = sandbox.run(sql, limits=Limits(time_limit=5.0, max_rows=100, memory_mb=256))
    if result.error is None:
        # Fetching stopped at the byte or row cap before memory ran out: also contained.
        assert result.truncated
    else:
        assert result.error.kind in {"memory", "time"}, result.error
        assert "limit" in result.error.message
    assert_still_answers(sandbox)


def test_result_bomb_is_capped_at_the_row_limit(sandbox):
    result = sandbox.run("SELECT * FROM range(60000000)")
    assert result.error is None
    assert len(result.rows) == 100 and result.truncated == "rows"
    assert_still_answers(sandbox)


def test_byte_cap_stops_wide_rows(sandbox):
    result = sandbox.run(
        "SELECT repeat('x', 100000) AS wide FROM range(1000)",
        limits=Limits(time_limit=2.0, max_rows=1000, max_bytes=1_000_000),
    )
    assert result.error is None and result.truncated == "bytes" and len(result.rows) < 11
    assert_still_answers(sandbox)


def test_huge_input_and_statement_floods_are_rejected_by_size(sandbox):
    refused(sandbox, "SELECT '" + "x" * 50_000_000 + "'", kind="input", contains="20 KB")
    refused(sandbox, "SELECT 1;" * 100_000, kind="input", contains="20 KB")
    refused(sandbox, "SELECT 1;" * 100, kind="statements", contains="found 100")


def test_nul_bytes_are_rejected(sandbox):
    refused(sandbox, "SELECT 1 /*\x00*/", kind="input", contains="NUL")


def test_catastrophic_regex_is_fine_because_the_engine_is_linear(sandbox):
    result = sandbox.run("SELECT regexp_matches(repeat('a', 200000) || '!', '(a+)+$') AS m")
    assert result.error is None and result.rows == [[False]]


def test_the_worker_environment_holds_no_secrets(sandbox, monkeypatch):
    # The worker is started with a scrubbed environment; reading it from SQL is blocked too.
    from techfluency.sqllab.sandbox import _scrubbed_environment

    assert set(_scrubbed_environment()) == {
        "PATH",
        "LANG",
        "PYTHONPATH",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONHASHSEED",
        "HOME",
    }
    refused(sandbox, "SELECT * FROM read_text('/proc/self/environ')")


def test_a_killed_worker_is_replaced_and_the_pool_stays_bounded(sandbox):
    for _ in range(3):
        refused(sandbox, "SELECT COUNT(*) FROM range(1000000000000)", kind="time")
    assert sandbox.size <= sandbox.config.max_workers
    assert_still_answers(sandbox)


def test_syntax_errors_come_back_as_clear_messages(sandbox):
    message = refused(sandbox, "SELEC user_id FROM users", kind="syntax")
    assert "syntax error" in message


def test_web_modules_never_import_duckdb():
    """Learner SQL only ever reaches DuckDB inside the worker process."""
    root = Path(__file__).resolve().parent.parent / "techfluency" / "sqllab"
    web_side = [
        "sandbox.py",
        "grading.py",
        "service.py",
        "views.py",
        "actions.py",
        "dialects.py",
        "feedback.py",
        "compare.py",
    ]
    for name in web_side:
        assert "import duckdb" not in (root / name).read_text(), name


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

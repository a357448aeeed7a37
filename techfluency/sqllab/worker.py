"""The sandbox worker: runs learner SQL on DuckDB in its own process. Standard library + duckdb only.

The parent (sandbox.py) starts this module with a scrubbed environment and sends one JSON job
per line on stdin; the worker answers one JSON line on stdout. It holds no Django settings,
no secrets and no answer keys. Layers here (see docs/sandbox-security.md):
- OS limits on the whole process (address space, CPU time), set before DuckDB starts;
- one hardened, locked DuckDB instance per dataset, opened read-only, with one cursor per job;
- a one-statement, SELECT-only check with DuckDB's own parser before anything runs;
- a watchdog that interrupts the job's cursor at the deadline and again every 25 ms;
- rows fetched in chunks up to the row cap plus one, with a cap on the bytes returned.
The parent kills the whole process if an answer does not come by the deadline plus a grace.
"""

import datetime
import decimal
import json
import math
import os
import re
import resource
import sys
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import duckdb

MAX_INPUT_BYTES = 20_000
_FETCH_CHUNK = 2048
# Statement types DuckDB reports that only read. DESCRIBE, SUMMARIZE and FROM-first queries
# all parse as SELECT; COPY, SET, PRAGMA, CALL, ATTACH, LOAD, INSTALL, EXPORT do not.
_READ_ONLY_TYPES = {"StatementType.SELECT"}


class Rejected(Exception):
    """The job broke a rule before running: `kind` names the rule for the learner."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def set_os_limits(memory_mb: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024, memory_mb * 1024 * 1024))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


class Workspace:
    """The hardened DuckDB instances of this worker, one per dataset file, opened lazily."""

    def __init__(self, datasets: dict[str, str], memory_limit_mb: int, private_dir: str) -> None:
        self.datasets = datasets
        self.memory_limit_mb = memory_limit_mb
        self.connections: dict[str, duckdb.DuckDBPyConnection] = {}
        # Empty private directories (made and removed by the parent): with external access off
        # DuckDB would otherwise still allow-list its default extension and secret folders.
        self.private = private_dir

    def connection(self, name: str) -> duckdb.DuckDBPyConnection:
        if name not in self.connections:
            path = self.datasets[name]
            config: dict[str, str | bool | int | float | list[str]] = {
                "enable_external_access": False,
                "autoload_known_extensions": False,
                "autoinstall_known_extensions": False,
                "allow_community_extensions": False,
                "allow_persistent_secrets": False,
                "python_enable_replacements": False,
                "threads": 1,
                "memory_limit": f"{self.memory_limit_mb}MB",
                "temp_directory": "",
                "extension_directory": os.path.join(self.private, "extensions"),
                "secret_directory": os.path.join(self.private, "secrets"),
            }
            connection = duckdb.connect(path, read_only=True, config=config)
            connection.execute("SET TimeZone = 'UTC'")
            connection.execute("SET lock_configuration = true")
            self.connections[name] = connection
        return self.connections[name]


def check_statement(connection: duckdb.DuckDBPyConnection, sql: str) -> None:
    raw = sql.encode("utf-8", errors="surrogatepass")
    if len(raw) > MAX_INPUT_BYTES:
        raise Rejected(
            "input", f"the query is {len(raw) // 1000} KB; the limit for one query is 20 KB"
        )
    if "\x00" in sql:
        raise Rejected("input", "the query contains a NUL byte, which is not allowed")
    try:
        statements = connection.extract_statements(sql)
    except duckdb.Error as error:
        raise Rejected("syntax", _clean(str(error))) from None
    if len(statements) != 1:
        if not statements:
            raise Rejected("empty", "the query is empty")
        raise Rejected(
            "statements", f"only one statement can run at a time; found {len(statements)}"
        )
    kind = str(statements[0].type)
    if kind not in _READ_ONLY_TYPES:
        name = kind.rsplit(".", 1)[-1]
        raise Rejected("read-only", f"only SELECT queries can run here; this is a {name} statement")


def encode_value(value: Any) -> Any:
    """A JSON-safe form of one DuckDB value; the column types travel alongside."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return json.dumps(value, default=str, sort_keys=True)


# DuckDB types whose Python values JSON can carry unchanged.
_JSON_NATIVE = (
    "BIGINT",
    "INTEGER",
    "SMALLINT",
    "TINYINT",
    "UBIGINT",
    "UINTEGER",
    "USMALLINT",
    "UTINYINT",
    "VARCHAR",
    "BOOLEAN",
)


def column_encoder(duckdb_type: str) -> Callable[[Any], Any] | None:
    """How one column's values travel as JSON; None when they can go as they are."""
    kind = duckdb_type.upper()
    if kind.startswith(_JSON_NATIVE):
        return None
    if kind.startswith(("TIMESTAMP", "DATE", "TIME", "UUID")):
        # str() of these is their ISO form, done in C: for a thousand timestamps that took
        # the sandbox's overhead on S11 from 7 to a few ms. Zones are normalised on compare.
        return _str_or_none
    return encode_value


def _str_or_none(value: Any) -> Any:
    return None if value is None else str(value)


def _encode_chunk(
    chunk: list[tuple[Any, ...]], encoders: list[Callable[[Any], Any] | None]
) -> list[list[Any]]:
    if all(encoder is None for encoder in encoders):
        return [list(row) for row in chunk]
    columns = [
        column if encoder is None else list(map(encoder, column))
        for encoder, column in zip(encoders, zip(*chunk, strict=True), strict=True)
    ]
    return [list(row) for row in zip(*columns, strict=True)]


def _row_size(row: list[Any]) -> int:
    """Roughly the bytes a row takes on the wire: text by length, anything else 8."""
    return sum(len(value) if isinstance(value, str) else 8 for value in row)


def run_one(workspace: Workspace, dataset: str, sql: str, limits: dict[str, Any]) -> dict[str, Any]:
    connection = workspace.connection(dataset)
    check_statement(connection, sql)
    cursor = connection.cursor()
    finished = threading.Event()
    time_limit = float(limits["time_limit"])
    interrupted = threading.Event()

    def watchdog() -> None:
        # Interrupt the cursor running the query (interrupting its parent connection does
        # nothing), then keep interrupting: a long scalar call can miss the first one.
        if finished.wait(time_limit):
            return
        interrupted.set()
        while not finished.is_set():
            cursor.interrupt()
            finished.wait(0.025)

    guard = threading.Thread(target=watchdog, daemon=True)
    started = time.perf_counter()
    guard.start()
    try:
        cursor.execute(sql)
        columns = [column[0] for column in cursor.description or []]
        types = [str(column[1]) for column in cursor.description or []]
        rows: list[list[Any]] = []
        size = 0
        truncated = ""
        max_rows, max_bytes = int(limits["max_rows"]), int(limits["max_bytes"])
        # Columns whose values JSON carries as they are skip the per-value encoder: for a
        # 45,000-row answer that encoder was most of the worker's time after the query.
        encoders = [column_encoder(kind) for kind in types]
        while not truncated:
            chunk = cursor.fetchmany(min(_FETCH_CHUNK, max_rows + 1 - len(rows)))
            if not chunk:
                break
            encoded = _encode_chunk(chunk, encoders)
            chunk_size = sum(_row_size(row) for row in encoded)
            if len(rows) + len(encoded) <= max_rows and size + chunk_size <= max_bytes:
                rows += encoded
                size += chunk_size
                continue
            for row in encoded:  # the chunk crosses a cap: find the exact row
                size += _row_size(row)
                if len(rows) >= max_rows:
                    truncated = "rows"
                    break
                if size > max_bytes:
                    truncated = "bytes"
                    break
                rows.append(row)

        elapsed = (time.perf_counter() - started) * 1000
        return {
            "columns": columns,
            "types": types,
            "rows": rows,
            "truncated": truncated,
            "elapsed_ms": elapsed,
        }
    except duckdb.InterruptException:
        raise Rejected("time", "stopped at the time limit") from None
    except duckdb.OutOfMemoryException:
        raise Rejected("memory", "stopped at the memory limit") from None
    except duckdb.Error as error:
        if interrupted.is_set():
            raise Rejected("time", "stopped at the time limit") from None
        raise Rejected("error", _clean(str(error))) from None
    finally:
        finished.set()
        guard.join()
        cursor.close()


# DuckDB suggests the nearest name it knows, which for a mistyped table is often one of its own
# catalogue views ("Did you mean duckdb_indexes?"): no help to a learner looking for `events`.
_INTERNAL_SUGGESTION = re.compile(
    r'\s*Did you mean "(?:[a-z_]+\.)?(?:duckdb_|pg_|sqlite_|information_schema)[^"]*"\?'
)


def _clean(message: str) -> str:
    """DuckDB's message without its internal preamble lines or hints at its own catalogue."""
    first = message.strip().split("\n\n")[0]
    return _INTERNAL_SUGGESTION.sub("", first)[:600]


def handle(workspace: Workspace, job: dict[str, Any]) -> dict[str, Any]:
    answers = []
    for dataset in job["datasets"]:
        try:
            answers.append(
                {"dataset": dataset, **run_one(workspace, dataset, job["sql"], job["limits"])}
            )
        except Rejected as rejected:
            answers.append(
                {"dataset": dataset, "error": {"kind": rejected.kind, "message": str(rejected)}}
            )
            if rejected.kind in {
                "time",
                "memory",
                "input",
                "syntax",
                "statements",
                "read-only",
                "empty",
            }:
                break  # the same query would fail the same way on the next dataset
        except MemoryError:
            answers.append(
                {
                    "dataset": dataset,
                    "error": {"kind": "memory", "message": "stopped at the memory limit"},
                }
            )
            break
    return {"id": job["id"], "answers": answers}


def main() -> None:
    setup = json.loads(sys.stdin.readline())
    set_os_limits(int(setup["address_space_mb"]), int(setup["cpu_seconds"]))
    workspace = Workspace(setup["datasets"], int(setup["memory_limit_mb"]), setup["private_dir"])
    for name in workspace.datasets:
        workspace.connection(name)  # open now: a first query should not pay ~14 ms to connect
    out = sys.stdout
    out.write(json.dumps({"ready": os.getpid()}) + "\n")
    out.flush()
    for line in sys.stdin:
        job = json.loads(line)
        out.write(json.dumps(handle(workspace, job), separators=(",", ":")) + "\n")
        out.flush()


if __name__ == "__main__":
    main()

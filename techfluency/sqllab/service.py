"""The SQL Lab's per-process pieces, built from settings: the datasets, the sandbox pool, the grader."""

import fcntl
import functools
import hashlib
import threading
import time
from pathlib import Path

from django.conf import settings

from techfluency.sqllab.grading import Grader, dataset_key
from techfluency.sqllab.sandbox import Limits, Sandbox, SandboxConfig

_lock = threading.Lock()
_grader: Grader | None = None


@functools.cache
def generator_version() -> str:
    """A fingerprint of the generator's code: a changed generator builds fresh files."""
    source = (Path(__file__).parent / "dataset.py").read_bytes()
    return hashlib.sha256(source).hexdigest()[:10]


def dataset_paths() -> dict[str, Path]:
    size = settings.SQLLAB_DATASET_SIZE
    directory = Path(settings.SQLLAB_DATA_DIR)
    version = generator_version()
    return {
        "main": directory / f"bytewise-{size}-seed{settings.SQLLAB_SEED}-{version}.duckdb",
        "variant": directory
        / f"bytewise-{size}-seed{settings.SQLLAB_VARIANT_SEED}-{version}.duckdb",
    }


def ensure_datasets(*, echo: bool = False) -> dict[str, Path]:
    """Build any missing dataset file; several processes starting at once build it once."""
    from techfluency.sqllab.dataset import build_dataset

    paths = dataset_paths()
    seeds = {"main": settings.SQLLAB_SEED, "variant": settings.SQLLAB_VARIANT_SEED}
    directory = Path(settings.SQLLAB_DATA_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".build.lock", "w") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        for stale in directory.glob("bytewise-*.duckdb"):
            if stale not in paths.values() and stale.stat().st_mtime < time.time() - 60:
                stale.unlink()  # built by an older generator or for other seeds
        for name, path in paths.items():
            if not path.exists():
                if echo:
                    print(
                        f"Building the {settings.SQLLAB_DATASET_SIZE} SQL Lab dataset ({name}, seed {seeds[name]})…"
                    )
                build_dataset(path, size=settings.SQLLAB_DATASET_SIZE, seed=seeds[name])
    return paths


def limits() -> Limits:
    return Limits(
        time_limit=settings.SQLLAB_TIME_LIMIT_SECONDS,
        max_rows=settings.SQLLAB_MAX_ROWS,
        memory_mb=settings.SQLLAB_MEMORY_MB,
    )


def grader() -> Grader:
    """This process's grader and sandbox pool, started on first use."""
    global _grader
    with _lock:
        if _grader is None:
            paths = ensure_datasets()
            sandbox = Sandbox(
                SandboxConfig(
                    datasets=paths,
                    limits=limits(),
                    workers=settings.SQLLAB_WORKERS,
                    max_workers=max(settings.SQLLAB_WORKERS, settings.SQLLAB_MAX_WORKERS),
                )
            )
            key = dataset_key(
                [str(p) for p in paths.values()],
                [(p.stat().st_size, p.stat().st_mtime) for p in paths.values()],
            )
            _grader = Grader(sandbox, datasets_key=key)
        return _grader


def reset() -> None:
    """Stop this process's sandbox (tests use it between settings changes)."""
    global _grader
    with _lock:
        if _grader is not None:
            _grader.sandbox.close()
        _grader = None


_samples: dict[str, object] | None = None


def schema_overview(sample_rows: int = 3) -> list[dict[str, object]]:
    """Every table with its columns, types and a few sample rows, read once per process."""
    global _samples
    if _samples is None:
        graded = grader()
        tables = []
        for table, columns in graded.schema().items():
            # Trusted SQL with a fixed table name from the dataset's own catalogue.
            sample = graded.sandbox.run(f'SELECT * FROM "{table}" LIMIT {int(sample_rows)}', "main")  # noqa: S608
            tables.append(
                {
                    "name": table,
                    "columns": [{"name": name, "type": kind} for name, kind in columns.items()],
                    "rows": sample.rows if sample.error is None else [],
                }
            )
        _samples = {"tables": tables}
    return list(_samples["tables"])  # type: ignore[call-overload]

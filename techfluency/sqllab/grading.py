"""Grade a learner's query against an exercise: translate, run in the sandbox, compare, explain.

No Django here. The learner's query runs on the main dataset and, if it matches there, on a
variant built with another seed: an answer tied to the main data's particular rows (pasted
ids, a hard-coded count) matches the first and not the second, and the learner is told so.
Reference results are computed in the sandbox once per dataset and kept in this process,
because re-running a reference over 3M events on every attempt would cost more than the
whole 50 ms grading budget.
"""

import functools
import hashlib
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from techfluency.sqllab import dialects
from techfluency.sqllab.compare import Contract, Diff, Prepared, compare_prepared, prepare
from techfluency.sqllab.feedback import Evidence, Mistake, describe_diff, detect_mistakes
from techfluency.sqllab.sandbox import Limits, QueryResult, Sandbox, SandboxError, Session

# A learner's result may be as long as the answer plus one row (to notice "too many"),
# with this ceiling so a grading job cannot ship a million rows back through the pipe.
GRADING_ROW_CEILING = 200_000
GRADING_BYTES = 64_000_000
_SCHEMA_SQL = (
    "SELECT table_name, column_name, data_type FROM information_schema.columns "
    "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
)


class GradableExercise(Protocol):
    """An exercise file or a loaded exercise: both carry what grading needs."""

    @property
    def id(self) -> str: ...

    @property
    def reference(self) -> str: ...

    @property
    def columns(self) -> Sequence[str]: ...

    @property
    def content_hash(self) -> str: ...

    @property
    def contract(self) -> Contract: ...


@dataclass
class GradeResult:
    correct: bool
    error: str | None = None
    feedback: list[str] = field(default_factory=list)
    mistakes: list[Mistake] = field(default_factory=list)
    diff: Diff | None = None
    hard_coded: bool = False
    result: QueryResult | None = None  # the learner's rows on the main dataset, for display

    def as_json(self) -> dict[str, Any]:
        return {
            "correct": self.correct,
            "error": self.error,
            "feedback": self.feedback + [f"{m.title}: {m.explanation}" for m in self.mistakes],
            "diff": diff_as_json(self.diff),
            "mistakes": [
                {"code": m.code, "title": m.title, "lesson": m.lesson} for m in self.mistakes
            ],
            "hard_coded": self.hard_coded,
        }


def diff_as_json(diff: Diff | None) -> dict[str, Any]:
    if diff is None:
        return {}
    column = diff.column_difference
    return {
        "expected_rows": diff.expected_rows,
        "actual_rows": diff.actual_rows,
        "expected_columns": diff.expected_columns,
        "actual_columns": diff.actual_columns,
        "missing_count": diff.missing_count,
        "extra_count": diff.extra_count,
        "missing": [list(row) for row in diff.missing],
        "extra": [list(row) for row in diff.extra],
        "column": None
        if column is None
        else {
            "position": column.column + 1,
            "rows_affected": column.rows_affected,
            "expected": column.example_expected,
            "actual": column.example_actual,
        },
        "order": diff.order_problem,
    }


class Grader:
    def __init__(self, sandbox: Sandbox, datasets_key: str = "") -> None:
        self.sandbox = sandbox
        # Changes when the dataset files change, so cached references are never stale.
        self.datasets_key = datasets_key
        self._references: dict[tuple[str, str, str, str], tuple[QueryResult, Prepared]] = {}
        self._schema: dialects.Schema | None = None
        self._lock = threading.Lock()

    def schema(self) -> dialects.Schema:
        if self._schema is None:
            result = self.sandbox.run(_SCHEMA_SQL, "main")
            if result.error is not None:
                raise RuntimeError(f"cannot read the dataset's schema: {result.error.message}")
            schema: dialects.Schema = {}
            for table, column, kind in result.rows:
                schema.setdefault(table, {})[column] = kind
            self._schema = schema
        return self._schema

    def translate(self, sql: str, dialect: str) -> str:
        return dialects.to_duckdb(sql, dialect, self.schema())

    def run(self, sql: str, dialect: str, dataset: str = "main") -> QueryResult | str:
        """Free play: run any SELECT; a string is a translation problem to show."""
        try:
            duck = self.translate(sql, dialect)
        except dialects.TranslationError as error:
            return str(error)
        return self.sandbox.run(duck, dataset)

    def reference(self, exercise: GradableExercise, dataset: str) -> QueryResult:
        return self._reference(exercise, dataset)[0]

    def _reference(self, exercise: GradableExercise, dataset: str) -> tuple[QueryResult, Prepared]:
        """The reference's rows on a dataset, run once and kept normalised for comparing."""
        key = (exercise.id, exercise.content_hash, dataset, self.datasets_key)
        cached = self._references.get(key)
        if cached is not None:
            return cached
        limits = Limits(
            time_limit=max(10.0, self.sandbox.config.limits.time_limit),
            max_rows=GRADING_ROW_CEILING,
            max_bytes=GRADING_BYTES,
            memory_mb=self.sandbox.config.limits.memory_mb,
        )
        result = self.sandbox.run(self.translate(exercise.reference, "postgres"), dataset, limits)
        if result.error is not None:
            raise RuntimeError(
                f"the reference solution of {exercise.id} failed on {dataset}: {result.error.message}"
            )
        if result.truncated:
            raise RuntimeError(
                f"the reference solution of {exercise.id} returns too many rows to grade"
            )
        entry = (result, prepare(result.rows, result.types, exercise.contract.decimals))
        with self._lock:
            self._references[key] = entry
        return entry

    def grade(self, exercise: GradableExercise, sql: str, dialect: str) -> GradeResult:
        try:
            duck = self.translate(sql, dialect)
            tree = dialects.parse(sql, dialect)
        except dialects.TranslationError as error:
            return GradeResult(correct=False, error=str(error))
        expected, expected_rows = self._reference(exercise, "main")
        variant_expected, variant_rows = self._reference(exercise, "variant")
        base = self.sandbox.config.limits
        # Room for the longer of the two answers plus one row, to notice "too many".
        longest = max(len(expected.rows), len(variant_expected.rows))
        limits = Limits(
            time_limit=base.time_limit,
            max_rows=min(GRADING_ROW_CEILING, max(base.max_rows, longest + 1)),
            max_bytes=GRADING_BYTES,
            memory_mb=base.memory_mb,
        )
        contract = exercise.contract
        # The variant runs beside the main dataset, on a second worker: a right answer then
        # costs one query's time, not two (bench/sqllab.py). If the main run shows the answer
        # wrong, the variant's result is simply not used.
        variant_job = _VariantJob(self.sandbox, duck, limits)
        pending = _VARIANT_THREADS.submit(variant_job.run)
        with self.sandbox.session() as session:
            actual = session.run(duck, "main", limits)
        if actual.error is not None:
            if actual.error.kind in {"time", "memory"}:
                variant_job.stop()  # the same query would only burn the same limit again
            return GradeResult(correct=False, error=actual.error.message, result=actual)
        if actual.truncated:
            # Only the counts are known: the rows fetched are a prefix, not a sample.
            counts = Diff(
                expected_rows=len(expected.rows),
                actual_rows=len(actual.rows),
                expected_columns=contract.columns,
                actual_columns=len(actual.columns),
                extra_count=len(actual.rows) - len(expected.rows),
            )
            feedback = (
                f"Your query returns more than {len(actual.rows):,} rows; the answer has "
                f"{len(expected.rows):,}. Check your joins and filters."
            )
            return GradeResult(
                correct=False,
                feedback=[feedback],
                mistakes=self._mistakes(tree, dialect, counts, exercise),
                diff=counts,
                result=actual,
            )
        diff = compare_prepared(
            expected_rows, prepare(actual.rows, actual.types, contract.decimals), contract
        )
        if not diff.same:
            return GradeResult(
                correct=False,
                feedback=describe_diff(diff, tuple(exercise.columns)),
                mistakes=self._mistakes(tree, dialect, diff, exercise),
                diff=diff,
                result=actual,
            )

        variant = pending.result()
        if variant.error is not None:
            return GradeResult(correct=False, error=variant.error.message, result=actual)
        prepared = prepare(variant.rows, variant.types, contract.decimals)
        if variant.truncated or not compare_prepared(variant_rows, prepared, contract).same:
            return GradeResult(
                correct=False,
                hard_coded=True,
                feedback=[
                    "Your query gives the right rows on this data, but not on a second copy of the dataset "
                    "with different values. It seems tied to these particular rows (pasted ids, dates or "
                    "counts?). Write it so it would answer the question on any day's data."
                ],
                diff=diff,
                result=actual,
            )
        return GradeResult(correct=True, diff=diff, result=actual)

    def _mistakes(
        self, tree: list[Any], dialect: str, diff: Diff, exercise: GradableExercise
    ) -> list[Mistake]:
        if not tree:
            return []
        evidence = Evidence(
            tree=tree[0],
            dialect=dialect,
            diff=diff,
            schema=self.schema(),
            column_names=tuple(exercise.columns),
            reference=_reference_tree(exercise.reference),
        )
        return detect_mistakes(evidence)


_VARIANT_THREADS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="sqllab-variant")


class _VariantJob:
    """The learner's query on the variant dataset, in its own worker, stoppable from outside."""

    def __init__(self, sandbox: Sandbox, sql: str, limits: Limits) -> None:
        self.sandbox, self.sql, self.limits = sandbox, sql, limits
        self.stopped = threading.Event()
        self.session: Session | None = None

    def run(self) -> QueryResult:
        with self.sandbox.session() as session:
            self.session = session
            if self.stopped.is_set():
                return QueryResult.failed(SandboxError("stopped", "not needed"))
            return session.run(self.sql, "variant", self.limits)

    def stop(self) -> None:
        self.stopped.set()
        if self.session is not None:
            self.session.interrupt()


def dataset_key(paths: list[str], stats: list[tuple[int, float]]) -> str:
    """A fingerprint of the dataset files (size and modification time)."""
    raw = "|".join(
        f"{path}:{size}:{mtime}" for path, (size, mtime) in zip(paths, stats, strict=True)
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


@functools.lru_cache(maxsize=256)
def _reference_tree(sql: str) -> Any:
    trees = dialects.parse(sql, "postgres")
    return trees[0] if trees else None

"""`manage.py sqllab grade|run|show|build`: the SQL Lab from the command line.

grade and run read SQL on standard input and print one JSON object. They exit 0 whatever
the learner's query did; only a failure of the system itself exits non-zero.
"""

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from techfluency.sqllab import service
from techfluency.sqllab.dialects import DEFAULT_DIALECT, DIALECTS
from techfluency.sqllab.models import Exercise


class Command(BaseCommand):
    help = "Grade or run SQL from standard input, show an exercise, or build the datasets."
    # call_command(..., stdin=StringIO(...)) in tests, as Django's createsuperuser allows.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        grade = commands.add_parser("grade", help="grade the SQL on stdin against an exercise")
        grade.add_argument("exercise_id")
        grade.add_argument("--dialect", default=DEFAULT_DIALECT, choices=sorted(DIALECTS))
        run = commands.add_parser("run", help="run the SQL on stdin without grading")
        run.add_argument("--dialect", default=DEFAULT_DIALECT, choices=sorted(DIALECTS))
        show = commands.add_parser("show", help="print an exercise with its reference solution")
        show.add_argument("exercise_id")
        show.add_argument("--json", action="store_true")
        commands.add_parser("build", help="build any missing dataset file")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            if action == "build":
                paths = service.ensure_datasets(echo=True)
                self.stdout.write("Datasets ready: " + ", ".join(str(p) for p in paths.values()))
            elif action == "show":
                self._show(options["exercise_id"], options["json"])
            elif action == "grade":
                sql = (options.get("stdin") or sys.stdin).read()
                self._emit(self._grade(options["exercise_id"], sql, options["dialect"]))
            elif action == "run":
                self._emit(
                    self._run((options.get("stdin") or sys.stdin).read(), options["dialect"])
                )

        finally:
            service.reset()

    def _emit(self, payload: dict[str, Any]) -> None:
        self.stdout.write(json.dumps(payload, default=str))

    def _exercise(self, exercise_id: str) -> Exercise:
        try:
            exercise = Exercise.objects.live().filter(pk=exercise_id.lower()).first()
        except DatabaseError:
            # A fresh checkout: no tables yet. Say what to run instead of a traceback.
            raise CommandError(
                "The database is not set up yet: run `make run` once, or `manage.py migrate`"
                " then `manage.py load_content`."
            ) from None
        if exercise is None:
            raise CommandError(
                f"No exercise '{exercise_id}'. Is the content loaded (manage.py load_content)?"
            )
        return exercise

    def _grade(self, exercise_id: str, sql: str, dialect: str) -> dict[str, Any]:
        exercise = self._exercise(exercise_id)
        if not sql.strip():
            return {
                "correct": False,
                "error": "Not run: the query is empty.",
                "feedback": [],
                "diff": {},
            }
        result = service.grader().grade(exercise, sql, dialect)
        return result.as_json()

    def _run(self, sql: str, dialect: str) -> dict[str, Any]:
        if not sql.strip():
            return {"columns": [], "rows": [], "error": "Not run: the query is empty."}
        outcome = service.grader().run(sql, dialect)
        if isinstance(outcome, str):
            return {"columns": [], "rows": [], "error": outcome}
        if outcome.error is not None:
            return {"columns": [], "rows": [], "error": outcome.error.message}
        payload: dict[str, Any] = {"columns": outcome.columns, "rows": outcome.rows, "error": None}
        if outcome.truncated:
            payload["truncated"] = (
                f"showing the first {len(outcome.rows)} rows: the row limit for one query"
                if outcome.truncated == "rows"
                else "cut short at the size limit for one result"
            )
        return payload

    def _show(self, exercise_id: str, as_json: bool) -> None:
        exercise = self._exercise(exercise_id)
        data = {
            "id": exercise.pk,
            "level": exercise.level,
            "title": exercise.title,
            "question": exercise.question,
            "tables": exercise.tables,
            "columns": exercise.columns,
            "order_by": [
                {"column": exercise.columns[i], "descending": d} for i, d in exercise.order_by
            ],
            "decimals": exercise.decimals,
            "reference": exercise.reference,
            "hints": exercise.hints,
            "debrief": exercise.debrief,
            "concepts": exercise.concepts,
            "quirks": exercise.quirks,
        }
        if as_json:
            self._emit(data)
        else:
            self.stdout.write(
                f"{exercise.pk} (level {exercise.level}): {exercise.title}\n\n{exercise.question}\n\n{exercise.reference}"
            )

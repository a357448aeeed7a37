"""The SQL Lab through HTTP and the command line, on the small generated dataset."""

import json
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.urls import reverse

from techfluency.practice.models import Card
from techfluency.progress.models import Activity
from techfluency.sqllab import service
from techfluency.sqllab.models import Draft, Exercise, ExerciseProgress, Submission

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.xdist_group("sqllab")


@pytest.fixture
def lab(content, settings):
    """The real exercises on the small dataset (built once into var/test-sqllab and reused)."""
    settings.SQLLAB_DATA_DIR = ROOT / "var" / "test-sqllab"
    settings.SQLLAB_DATASET_SIZE = "small"
    settings.SQLLAB_WORKERS = 1
    caches["shared"].clear()
    service.reset()
    yield Exercise.objects.live()
    service.reset()


def grade(client, exercise_id: str, sql: str, dialect: str = "postgres", htmx: bool = False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("sqllab-grade", args=[exercise_id]),
        {"dialect": dialect, "sql": sql},
        headers=headers,
    )


def test_exercise_page_shows_question_schema_and_editor(lab, learner, client_for):
    response = client_for(learner).get(reverse("sqllab-exercise", args=["s11"]))
    assert response.status_code == 200
    text = response.text
    assert "Check answer" in text and 'name="sql"' in text
    tables = {table["name"] for table in response.context["schema"]}
    assert {"users", "events", "lessons"} <= tables
    users = next(t for t in response.context["schema"] if t["name"] == "users")
    assert users["rows"] and {"user_id", "email", "created_at"} <= {
        c["name"] for c in users["columns"]
    }


def test_wrong_then_right_answer_to_s11(lab, learner, client_for):
    client = client_for(learner)
    exercise = Exercise.objects.get(pk="s11")
    wrong = grade(
        client,
        "s11",
        "SELECT u.user_id, u.email, u.created_at FROM users u WHERE u.user_id NOT IN "
        "(SELECT e.user_id FROM events e WHERE e.event_name = 'onboarding_completed')",
    )
    assert wrong.status_code == 200
    assert not wrong.context["grade"].correct
    assert "not-in-null" in [m.code for m in wrong.context["grade"].mistakes]
    assert "NOT IN" in wrong.text and "Revisit the lesson" in wrong.text

    right = grade(client, "s11", exercise.reference)
    assert right.context["grade"].correct and "Correct." in right.text
    progress = ExerciseProgress.objects.get(user=learner, exercise=exercise)
    assert progress.solved_at is not None and progress.attempts == 1
    assert Card.objects.get(user=learner, kind="sql", subject="s11").logs.count() == 1
    assert Activity.objects.filter(user=learner, kind="sql-solve").count() == 1
    assert Submission.objects.filter(user=learner, exercise=exercise).count() == 2

    again = grade(client, "s11", exercise.reference)  # resubmitting counts once
    assert again.context["grade"].correct
    assert Activity.objects.filter(user=learner, kind="sql-solve").count() == 1


def test_aliases_row_order_and_dialect_do_not_matter(lab, learner, client_for):
    client = client_for(learner)
    sql = (
        "SELECT COUNT(*) AS `no country`, SUM(CASE WHEN country_code <> 'US' THEN 1 ELSE 0 END) AS outside "
        "FROM users"
    )
    response = grade(client, "s03", sql, dialect="mysql")
    assert response.status_code == 200  # graded, whatever the verdict: MySQL syntax was translated


def test_hard_coded_answer_is_caught_by_the_variant(lab, learner, client_for):
    client = client_for(learner)
    exercise = Exercise.objects.get(pk="s01")
    reference = service.grader().reference(exercise, "main")
    literal_rows = ", ".join(
        "("
        + ", ".join(f"'{value}'" if isinstance(value, str) else str(value) for value in row)
        + ")"
        for row in reference.rows
    )
    hard_coded = f"SELECT * FROM (VALUES {literal_rows}) AS t"
    response = grade(client, "s01", hard_coded, dialect="duckdb")
    verdict = response.context["grade"]
    assert not verdict.correct and verdict.hard_coded
    assert "second copy of the dataset" in response.text


def test_run_shows_rows_and_nulls_and_caps(lab, learner, client_for):
    client = client_for(learner)
    url = reverse("sqllab-run", args=["s03"])
    response = client.post(
        url,
        {
            "dialect": "postgres",
            "sql": "SELECT user_id, country_code FROM users WHERE country_code IS NULL LIMIT 3",
        },
    )
    assert response.status_code == 200 and 'class="null">NULL' in response.text
    capped = client.post(url, {"dialect": "postgres", "sql": "SELECT user_id FROM users"})
    assert "the row limit for one query" in capped.text


@pytest.mark.parametrize(
    ("sql", "message"),
    [
        ("SELECT 1; DROP TABLE users", "only one statement"),
        ("DELETE FROM users", "only SELECT queries"),
        ("SELECT * FROM read_csv('/etc/passwd')", "disabled by configuration"),
        ("SELEC 1", "not valid PostgreSQL"),
        ("", "Write a query first."),
        ("SELECT user_id FROM users FOR UPDATE", "cannot be translated"),
    ],
)
def test_bad_queries_get_a_400_that_names_the_rule(lab, learner, client_for, sql, message):
    response = client_for(learner).post(
        reverse("sqllab-run", args=["s01"]), {"dialect": "postgres", "sql": sql}
    )
    assert response.status_code == 400
    assert message in response.text


def test_runaway_query_names_the_time_limit(lab, learner, client_for, settings):
    settings.SQLLAB_TIME_LIMIT_SECONDS = 0.5
    service.reset()
    response = client_for(learner).post(
        reverse("sqllab-run", args=["s01"]),
        {"dialect": "duckdb", "sql": "SELECT COUNT(*) FROM range(1000000000000)"},
    )
    assert response.status_code == 400 and "the time limit for one query" in response.text
    after = client_for(learner).post(
        reverse("sqllab-run", args=["s01"]), {"dialect": "postgres", "sql": "SELECT 1 AS one"}
    )
    assert after.status_code == 200


def test_rate_limit_per_learner_answers_429_and_names_it(
    lab, learner, second_learner, client_for, settings
):
    settings.SQLLAB_RUNS_PER_MINUTE = 2
    client = client_for(learner)
    url = reverse("sqllab-run", args=["s01"])
    for _ in range(2):
        assert (
            client.post(url, {"dialect": "postgres", "sql": "SELECT 1 AS one"}).status_code == 200
        )
    blocked = client.post(url, {"dialect": "postgres", "sql": "SELECT 1 AS one"})
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "the limit for one learner" in blocked.text
    assert (
        client_for(second_learner)
        .post(url, {"dialect": "postgres", "sql": "SELECT 1 AS one"})
        .status_code
        == 200
    )


def test_one_query_at_a_time_per_learner(lab, learner, client_for):
    caches["shared"].add(f"sql-running:{learner.pk}", 1, 30)
    response = client_for(learner).post(
        reverse("sqllab-run", args=["s01"]), {"dialect": "postgres", "sql": "SELECT 1"}
    )
    assert response.status_code == 429 and "one query at a time" in response.text


def test_drafts_are_saved_and_come_back(lab, learner, client_for):
    client = client_for(learner)
    saved = client.post(
        reverse("sqllab-draft", args=["s02"]),
        {"dialect": "bigquery", "sql": "SELECT 42 -- half typed"},
    )
    assert saved.status_code == 204
    page = client.get(reverse("sqllab-exercise", args=["s02"]))
    assert "SELECT 42 -- half typed" in page.text
    assert Draft.objects.get(user=learner, exercise_id="s02").dialect == "bigquery"
    play = client.post(
        reverse("sqllab-draft", args=["play"]), {"dialect": "postgres", "sql": "SELECT 7"}
    )
    assert play.status_code == 204 and "SELECT 7" in client.get(reverse("sqllab-play")).text


def test_hints_then_giving_up_reveal_the_solution_and_debrief(lab, learner, client_for):
    client = client_for(learner)
    exercise = Exercise.objects.get(pk="s05")
    for count in range(1, 4):
        client.post(reverse("sqllab-hint", args=["s05"]))
        assert ExerciseProgress.objects.get(user=learner, exercise=exercise).hints_shown == count
    client.post(reverse("sqllab-hint", args=["s05"]))  # no fourth hint
    assert ExerciseProgress.objects.get(user=learner, exercise=exercise).hints_shown == 3
    client.post(reverse("sqllab-give-up", args=["s05"]))
    page = client.get(reverse("sqllab-exercise", args=["s05"]))
    assert exercise.debrief.split()[0] in page.text and "Solution" in page.text
    assert Card.objects.get(user=learner, kind="sql", subject="s05").logs.get().rating == 1
    assert not Activity.objects.filter(user=learner).exists()  # giving up is not a solve


def test_outsider_cannot_see_another_learners_attempt(lab, learner, outsider, client_for):
    grade(client_for(learner), "s01", "SELECT 1 AS one")
    attempt = Submission.objects.get(user=learner)
    assert (
        client_for(outsider).get(reverse("sqllab-submission", args=[attempt.pk])).status_code == 404
    )
    assert (
        client_for(learner).get(reverse("sqllab-submission", args=[attempt.pk])).status_code == 200
    )


def test_unknown_exercise_is_404(lab, learner, client_for):
    assert client_for(learner).get(reverse("sqllab-exercise", args=["s99"])).status_code == 404


@time_machine.travel("2026-03-10 09:00:00+00:00", tick=False)
def test_a_solved_exercise_comes_back_on_today_when_due(lab, learner, client_for):
    client = client_for(learner)
    exercise = Exercise.objects.get(pk="s01")
    grade(client, "s01", "SELECT 1 AS wrong")
    grade(client, "s01", exercise.reference)
    card = Card.objects.get(user=learner, kind="sql", subject="s01")
    with time_machine.travel(card.due, tick=False):
        plan = client.get(reverse("practice-today")).context["today"].plan
        assert ("sql-review", "s01") in [(item.kind, item.subject) for item in plan.items]


def sqllab(*args: str, stdin: str = "") -> dict:
    out = StringIO()
    call_command("sqllab", *args, stdout=out, stdin=StringIO(stdin))
    return json.loads(out.getvalue())


def test_command_line_show_prints_the_exercise_with_its_solution(lab):
    shown = sqllab("show", "s11", "--json")
    assert (
        shown["id"] == "s11" and "SELECT" in shown["reference"].upper() and len(shown["hints"]) == 3
    )


def test_command_line_grade_prints_the_verdict_as_json(lab):
    exercise = Exercise.objects.get(pk="s11")
    right = sqllab("grade", "s11", stdin=exercise.reference)
    assert (
        right["correct"] is True and right["error"] is None and isinstance(right["feedback"], list)
    )
    wrong = sqllab(
        "grade", "s11", "--dialect", "mysql", stdin="SELECT user_id, email, created_at FROM users"
    )
    assert wrong["correct"] is False and wrong["feedback"] and wrong["diff"]["expected_rows"] > 0
    broken = sqllab("grade", "s11", stdin="SELECT FROM WHERE")
    assert broken["correct"] is False and "not valid PostgreSQL" in broken["error"]


def test_command_line_run_prints_rows_or_the_rule_broken(lab):
    rows = sqllab("run", "--dialect", "sqlite", stdin="SELECT 1 AS one, NULL AS nothing")
    assert rows == {"columns": ["one", "nothing"], "rows": [[1, None]], "error": None}
    refused = sqllab("run", stdin="SELECT 1; SELECT 2")
    assert refused["rows"] == [] and "only one statement" in refused["error"]
    missing = sqllab("run", stdin="SELECT * FROM onboarding_events")
    assert "onboarding_events does not exist" in missing["error"]
    assert "duckdb_" not in missing["error"]  # no hint at DuckDB's own catalogue
    empty = sqllab("run", stdin="   ")
    assert empty["error"] == "Not run: the query is empty."


def test_command_line_says_what_to_run_before_the_database_exists(monkeypatch):
    def no_tables() -> None:
        raise OperationalError("no such table: sqllab_exercise")

    monkeypatch.setattr(Exercise.objects, "live", no_tables)
    with pytest.raises(CommandError, match="not set up yet: run `make run` once"):
        call_command("sqllab", "show", "s11")

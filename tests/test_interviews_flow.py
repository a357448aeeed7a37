"""Interview practice through HTTP: answer, coach, self-grade, history, the drill, the AI judge."""

import http.server
import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from techfluency.curriculum import catalogue
from techfluency.curriculum.models import Concept
from techfluency.interviews.models import AnswerDraft, Attempt, InterviewQuestion
from techfluency.practice.models import Card
from techfluency.progress.models import Activity
from tests.flows import visible_text

ANSWER = (
    "A 429 means our key went over the provider's rate limit, not that they are down. "
    "I would honour Retry-After and back off exponentially with random jitter. "
    "Every charge carries an idempotency key so a retry never charges twice."
)


@pytest.fixture
def question(content) -> InterviewQuestion:
    """A question made here, so these tests do not depend on the wording of the content files."""
    made = InterviewQuestion.objects.create(
        id="Q-TEST-1",
        area="api",
        number=1,
        style="technical",
        question="A payment API returns 429. What does it mean and what do you do?",
        concepts=["client-server"],
        minutes=3,
        answer_words=[150, 300],
        rubric=[
            {
                "id": "not-outage",
                "text": "Not an outage",
                "must": True,
                "concept": "client-server",
                "cues": ["429 | rate limit* + not"],
            },
            {
                "id": "backoff",
                "text": "Back off with jitter",
                "must": True,
                "concept": "client-server",
                "cues": ["back off | backoff + jitter"],
            },
            {
                "id": "idempotency",
                "text": "Idempotency keys",
                "must": True,
                "concept": "client-server",
                "cues": ["idempoten* + key*"],
            },
            {
                "id": "monitor",
                "text": "Monitor 429s",
                "must": False,
                "concept": "client-server",
                "cues": ["monitor*"],
            },
        ],
        traps=[{"id": "outage", "text": "Calls it an outage"}],
        follow_ups=["How would you detect it earlier?"],
        model_answer="The model answer text.",
        weak_answer="The weak answer text.",
        content_hash="x",
    )
    catalogue.forget()
    return made


def submit(client, question_id: str, text: str = ANSWER, timer: str = ""):
    return client.post(
        reverse("interviews-submit", args=[question_id]), {"text": text, "timer_seconds": timer}
    )


def test_question_bank_lists_questions_by_area_and_style(question, learner, client_for):
    response = client_for(learner).get(reverse("interviews-bank"))
    assert response.status_code == 200
    assert question.question in response.text and "Technical" in response.text
    assert response.context["suggested"] is not None  # the first question never tried


def test_draft_autosaves_and_comes_back_on_reload(question, learner, client_for):
    client = client_for(learner)
    assert (
        client.post(
            reverse("interviews-draft", args=[question.pk]), {"text": "half an answer"}
        ).status_code
        == 204
    )
    assert "half an answer" in client.get(reverse("interviews-practice", args=[question.pk])).text


def test_an_answer_over_the_limit_is_refused_and_kept(question, learner, client_for):
    client = client_for(learner)
    long_text = "word " * 2_500  # 12,500 characters
    response = submit(client, question.pk, long_text)
    assert response.status_code == 400
    assert "the limit is 10000" in response.text and "still in the box" in response.text
    assert AnswerDraft.objects.get(user=learner, question=question).text == long_text
    assert not Attempt.objects.exists()


def test_empty_answer_and_bad_timer_are_400(question, learner, client_for):
    client = client_for(learner)
    assert submit(client, question.pk, "   ").status_code == 400
    assert submit(client, question.pk, ANSWER, timer="999").status_code == 400


def test_submitting_shows_the_coach_with_evidence_then_the_model_answer(
    question, learner, client_for
):
    client = client_for(learner)
    response = submit(client, question.pk, timer="180")
    assert response.status_code == 302
    attempt = Attempt.objects.get(user=learner)
    assert attempt.timer_seconds == 180
    assert not AnswerDraft.objects.filter(user=learner).exists()
    page = client.get(response["Location"])
    text = visible_text(page.text)
    assert "3 of 3 must-have points found" in text
    assert '<mark class="evidence"' in page.text
    assert "The model answer text." in text and "Grade yourself" in text


def test_self_grade_schedules_the_question_and_counts_the_day_once(question, learner, client_for):
    client = client_for(learner)
    submit(client, question.pk)
    attempt = Attempt.objects.get(user=learner)
    grades = {
        "point_not-outage": "covered",
        "point_backoff": "covered",
        "point_idempotency": "partly",
        "point_monitor": "missed",
    }
    url = reverse("interviews-self-grade", args=[attempt.pk])
    assert client.post(url, grades).status_code == 302
    assert client.post(url, grades).status_code == 302  # a double submit changes nothing
    attempt.refresh_from_db()
    assert attempt.rating == 2  # a must-have only partly covered: Hard
    assert Card.objects.get(user=learner, kind="interview", subject=question.pk).logs.count() == 1
    assert Activity.objects.filter(user=learner, kind="interview-attempt").count() == 1


def test_self_grade_must_cover_every_point(question, learner, client_for):
    client = client_for(learner)
    submit(client, question.pk)
    attempt = Attempt.objects.get(user=learner)
    response = client.post(
        reverse("interviews-self-grade", args=[attempt.pk]), {"point_not-outage": "covered"}
    )
    assert response.status_code == 400 and "Grade every point" in response.text
    assert (
        client.post(
            reverse("interviews-self-grade", args=[attempt.pk]), {"point_not-outage": "brilliant"}
        ).status_code
        == 400
    )


def test_history_and_side_by_side_comparison(question, learner, client_for):
    client = client_for(learner)
    submit(client, question.pk, "It is probably an outage, so we wait.")
    submit(client, question.pk)
    first, second = Attempt.objects.filter(user=learner).order_by("submitted_at")
    history = client.get(reverse("interviews-history", args=[question.pk]))
    assert history.status_code == 200 and "0/3" in history.text and "3/3" in history.text
    compared = client.get(
        reverse("interviews-compare", args=[question.pk]), {"a": first.pk, "b": second.pk}
    )
    assert compared.status_code == 200
    assert "It is probably an outage" in compared.text and "idempotency key" in compared.text
    assert (
        client.get(reverse("interviews-compare", args=[question.pk]), {"a": "x"}).status_code == 400
    )


def test_outsider_gets_404_for_every_attempt_page(question, learner, outsider, client_for):
    submit(client_for(learner), question.pk)
    attempt = Attempt.objects.get(user=learner)
    other = client_for(outsider)
    assert other.get(reverse("interviews-attempt", args=[attempt.pk])).status_code == 404
    assert other.post(reverse("interviews-self-grade", args=[attempt.pk]), {}).status_code == 404
    assert other.post(reverse("interviews-judge", args=[attempt.pk])).status_code == 404
    assert (
        other.get(
            reverse("interviews-compare", args=[question.pk]), {"a": attempt.pk, "b": attempt.pk}
        ).status_code
        == 404
    )
    assert attempt.text not in other.get(reverse("interviews-history", args=[question.pk])).text


def test_export_includes_interview_attempts(question, learner, client_for):
    client = client_for(learner)
    submit(client, question.pk)
    data = json.loads(client.get(reverse("accounts-export")).content)
    assert [a["text"] for a in data["interview_attempts"]] == [ANSWER]
    assert data["interview_attempts"][0]["coach"]["must_haves"] == {"covered": 3, "total": 3}


def test_the_stakeholder_drill_runs_the_stakeholder_checks(content, learner, client_for):

    client = client_for(learner)
    concept = Concept.objects.live().order_by("position")[0]
    text = (
        "A server is like a restaurant kitchen: the app asks, the kitchen decides what is served and what it costs. "
        "If the kitchen is slow, customers wait and some leave, which costs us sales."
    )
    response = client.post(reverse("interviews-explain", args=[concept.slug]), {"text": text})
    assert response.status_code == 302
    attempt = Attempt.objects.get(user=learner, concept=concept)
    checks = attempt.coach["stakeholder"]
    assert checks["analogy"] and checks["business_impact"]
    page = visible_text(client.get(response["Location"]).text)
    assert "Would a stakeholder follow it?" in page
    grades = {f"point_{p['id']}": "covered" for p in attempt.coach["points"]}
    client.post(reverse("interviews-self-grade", args=[attempt.pk]), grades)
    assert Card.objects.filter(user=learner, kind="explain", subject=concept.pk).exists()


def test_judge_is_off_and_sends_nothing_without_all_three_settings(
    question, learner, client_for, settings
):
    settings.LLM_BASE_URL, settings.LLM_API_KEY, settings.LLM_MODEL = (
        "http://127.0.0.1:9/v1",
        "",
        "m",
    )
    client = client_for(learner)
    submit(client, question.pk)
    attempt = Attempt.objects.get(user=learner)
    page = client.get(reverse("interviews-attempt", args=[attempt.pk]))
    assert "AI judge" not in page.text
    assert client.post(reverse("interviews-judge", args=[attempt.pk])).status_code == 404


class _Judge(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        rubric_ids = ["not-outage", "backoff", "idempotency", "monitor"]
        assert "Back off with jitter" in body["messages"][1]["content"]
        content = json.dumps(
            {
                "points": [
                    {"id": i, "verdict": "covered", "quote": "", "reason": "ok"} for i in rubric_ids
                ]
            }
        )
        reply = {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(reply).encode())

    def log_message(self, *args: object) -> None:
        pass


def test_judge_shows_its_verdict_labelled_as_ai(question, learner, client_for, settings):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Judge)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.LLM_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}/v1"
        settings.LLM_API_KEY, settings.LLM_MODEL = "test-key", "test-model"
        client = client_for(learner)
        submit(client, question.pk)
        attempt = Attempt.objects.get(user=learner)
        assert client.post(reverse("interviews-judge", args=[attempt.pk])).status_code == 302
    finally:
        server.shutdown()
    attempt.refresh_from_db()
    assert attempt.judge["error"] is None and len(attempt.judge["points"]) == 4
    page = client.get(reverse("interviews-attempt", args=[attempt.pk]))
    assert 'AI judge <span class="tag">AI</span>' in page.text


def test_a_graded_question_comes_back_on_today_when_due(question, learner, client_for):
    client = client_for(learner)
    start = datetime(2026, 3, 10, 9, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        submit(client, question.pk, "We wait for the outage to end.")
        attempt = Attempt.objects.get(user=learner)
        grades = {f"point_{p['id']}": "missed" for p in attempt.coach["points"]}
        client.post(reverse("interviews-self-grade", args=[attempt.pk]), grades)
    with time_machine.travel(start + timedelta(days=1), tick=False):
        items = client.get(reverse("practice-today")).context["today"].plan.items
        assert ("interview-review", question.pk) in [(item.kind, item.subject) for item in items]

"""The coach's matching and stakeholder checks, the highlighter, and the AI judge against a
local stand-in that speaks the chat-completions protocol (pure logic and a real socket)."""

import http.server
import json
import threading
import time
from collections.abc import Iterator

import pytest

from techfluency.interviews import judge
from techfluency.interviews.coach import (
    RubricPoint,
    coach,
    parse_cue,
    stakeholder_checks,
    stem,
    tokens,
)
from techfluency.interviews.highlight import Mark, highlight

RUBRIC = [
    RubricPoint(
        "not-outage",
        "Our key hit its limit; not an outage",
        True,
        "rate-limiting",
        ("429 | rate limit* | too many request* + not | rather than",),
    ),
    RubricPoint(
        "backoff",
        "Back off with jitter",
        True,
        "retries-backoff",
        ("back off | backoff | exponential* + jitter | random*", "retry-after"),
    ),
    RubricPoint(
        "idempotency",
        "Idempotency keys stop double charges",
        True,
        "idempotency",
        ("idempoten* + key*", "double charg* + key*"),
    ),
    RubricPoint(
        "monitor", "Monitor 429s", False, "rate-limiting", ("monitor* | alert* | dashboard*",)
    ),
]


@pytest.mark.parametrize(
    ("words", "same"),
    [
        ("retry retries retried retrying", True),
        ("limit limits limited", True),
        ("key keys", True),
        ("cache caching cached", True),
    ],
)
def test_stemming_folds_word_forms(words, same):
    assert (len({stem(word) for word in words.split()}) == 1) is same


def test_cue_syntax():
    assert [[p.words for p in group] for group in parse_cue("back off | backoff + jitter")] == [
        [("back", "off"), ("backoff",)],
        [("jitter",)],
    ]
    assert parse_cue("idempoten*")[0][0].words == ("idempoten*",)


def test_points_are_found_with_their_evidence_sentence():
    answer = (
        "A 429 means we went over our rate limit, not that Stripe is down. "
        "I would honour Retry-After and retry with exponential backoff plus random jitter. "
        "Every charge carries an idempotency key, so a retry can never charge a card twice."
    )
    report = coach(answer=answer, rubric=RUBRIC, stakeholder=False)
    verdicts = {p.id: p for p in report.points}
    assert verdicts["not-outage"].covered and verdicts["not-outage"].evidence.text.startswith(
        "A 429 means"
    )
    assert verdicts["backoff"].covered and "jitter" in verdicts["backoff"].evidence.text
    assert verdicts["idempotency"].covered
    assert not verdicts["monitor"].covered and verdicts["monitor"].evidence is None
    assert (report.must_covered, report.must_total) == (3, 3)
    span = verdicts["idempotency"].evidence
    assert answer[span.start : span.end] == span.text


def test_a_point_made_across_two_sentences_is_found():
    answer = "We add an idempotency layer. Each request carries a unique key."
    report = coach(answer=answer, rubric=RUBRIC, stakeholder=False)
    assert next(p for p in report.points if p.id == "idempotency").covered


def test_missing_points_are_not_found():
    report = coach(
        answer="The provider is down, so we should switch providers quickly.",
        rubric=RUBRIC,
        stakeholder=False,
    )
    assert report.must_covered == 0


def test_stakeholder_checks_flag_unexplained_jargon_and_measure_length():
    text = (
        "We are getting 429 errors from the endpoint because of throttling. "
        "A rate limit, which means a cap on how many requests we may send each minute, protects their systems."
    )
    checks = stakeholder_checks(
        text, jargon_terms=["rate limit", "endpoint"], length_range=(60, 120)
    )
    unexplained = {use.term for use in checks.unexplained_jargon}
    assert {"429", "endpoint", "throttling"} <= unexplained
    assert "rate limit" not in unexplained
    assert checks.words < 60 and not checks.length_ok
    assert checks.paragraphs == 1


def test_stakeholder_checks_find_an_analogy_an_impact_and_an_ask():
    text = (
        "Think of our payment provider like a supplier that takes at most 100 orders a minute. "
        "During the flash sale we sent more, so about 2% of checkouts failed, roughly $40,000 of sales at risk. "
        "I'd recommend we spread the calls out and pay for the higher tier before Black Friday."
    )
    checks = stakeholder_checks(text, jargon_terms=[], length_range=(40, 120))
    assert checks.analogy is not None and checks.analogy.text.startswith("Think of")
    assert checks.business_impact is not None and "$40,000" in checks.business_impact.text
    assert checks.ask is not None and checks.ask.text.startswith("I'd recommend")


def test_built_in_checks_answer_stakeholder_rubric_points():
    rubric = [
        RubricPoint("analogy", "One accurate analogy", True, "", ("@analogy",)),
        RubricPoint("no-jargon", "No jargon", True, "", ("@no-jargon",)),
        RubricPoint("length", "60–90 seconds", True, "", ("@length",)),
    ]
    report = coach(
        answer="It is like a restaurant host seating guests.",
        rubric=rubric,
        stakeholder=True,
        length_range=(5, 20),
    )
    verdicts = {p.id: p.covered for p in report.points}
    assert verdicts == {"analogy": True, "no-jargon": True, "length": True}
    assert report.as_json()["stakeholder"]["reading_grade"] is not None


def test_tokens_skip_filler_words():
    assert tokens("the rate limit") == tokens("a rate limit") == tokens("rate limits")


def test_highlight_escapes_everything_and_marks_spans():
    text = "Use <script>alert(1)</script> & a key."
    html = highlight(
        text, [Mark(text.index("a key"), text.index("a key") + 5, "evidence", 'Covers: "keys"')]
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<mark class="evidence" title="Covers: &quot;keys&quot;">a key</mark>' in html


# --- the AI judge, against a local stand-in server --------------------------------------------


class _StandIn(http.server.BaseHTTPRequestHandler):
    mode = "good"
    requests: list[dict[str, object]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _StandIn.requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        if self.mode == "hang":
            time.sleep(3)
        if self.mode == "http-error":
            self.send_response(500)
            self.end_headers()
            return
        content = {
            "good": json.dumps(
                {
                    "points": [
                        {"id": "a", "verdict": "covered", "quote": "q", "reason": "r"},
                        {"id": "b", "verdict": "missed"},
                    ]
                }
            ),
            "malformed": "Sure! Here is my verdict: covered, missed",
            "wrong-ids": json.dumps({"points": [{"id": "zzz", "verdict": "covered"}]}),
        }.get(self.mode, "")
        message: dict[str, object] = {"role": "assistant", "content": content}
        if self.mode == "refusal":
            message = {"role": "assistant", "content": None, "refusal": "I can't help with that."}
        payload = json.dumps(
            {
                "id": "x",
                "object": "chat.completion",
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
            }
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stand_in() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _StandIn.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


RUBRIC_JSON = [
    {"id": "a", "text": "Point A", "must": True},
    {"id": "b", "text": "Point B", "must": False},
]


def ask(url: str, mode: str, timeout: float = 2.0) -> judge.JudgeResult:
    _StandIn.mode = mode
    config = judge.JudgeConfig(
        base_url=url, api_key="test-key", model="test-model", timeout=timeout
    )
    return judge.judge(config, question="Q?", rubric=RUBRIC_JSON, answer="My answer.")


def test_judge_sends_the_rubric_and_answer_and_reads_a_strict_verdict(stand_in):
    result = ask(stand_in, "good")
    assert result.error is None
    assert [(v.id, v.verdict) for v in result.verdicts] == [("a", "covered"), ("b", "missed")]
    request = _StandIn.requests[0]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer test-key"
    body = request["body"]
    assert body["model"] == "test-model"  # type: ignore[index]
    assert (
        "Point A" in body["messages"][1]["content"]
        and "My answer." in body["messages"][1]["content"]
    )  # type: ignore[index]


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("malformed", "could not be read"),
        ("refusal", "declined"),
        ("wrong-ids", "one valid verdict for every rubric point"),
        ("http-error", "HTTP 500"),
    ],
)
def test_judge_failures_degrade_to_a_clear_message(stand_in, mode, message):
    result = ask(stand_in, mode)
    assert result.verdicts == [] and result.error is not None
    assert message in result.error and "coach's verdicts above still stand" in result.error


def test_a_hanging_judge_times_out_with_a_message(stand_in):
    started = time.monotonic()
    result = ask(stand_in, "hang", timeout=0.5)
    assert result.error is not None and "did not answer within 0.5 s" in result.error
    assert time.monotonic() - started < 2.5


def test_an_unreachable_judge_says_so():
    config = judge.JudgeConfig(base_url="http://127.0.0.1:9/v1", api_key="k", model="m", timeout=1)
    result = judge.judge(config, question="Q?", rubric=RUBRIC_JSON, answer="A")
    assert result.error is not None and "could not be reached" in result.error

"""Interview practice in a real browser: the whole flow, autosave, the timer, evidence, outsiders."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from techfluency.accounts.models import User
from techfluency.curriculum import catalogue
from techfluency.interviews.models import Attempt, InterviewQuestion
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ANSWER = (
    "A 429 means our key went over the provider's rate limit, not that they are down. "
    "I would honour Retry-After and back off exponentially with random jitter. "
    "Every charge carries an idempotency key so a retry never charges twice."
)


@pytest.fixture
def question(live_content) -> InterviewQuestion:
    made = InterviewQuestion.objects.create(
        id="Q-TEST-1",
        area="api",
        number=1,
        style="technical",
        question="A payment API returns 429. What does it mean and what do you do?",
        concepts=["client-server"],
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
        ],
        traps=[],
        follow_ups=[],
        model_answer="The model answer: it is our limit, back off, use idempotency keys.",
        weak_answer="It's an outage.",
        content_hash="x",
    )
    catalogue.forget()
    return made


def log_in(page: Page, email: str) -> None:
    User.objects.create_user(email=email, password=PASSWORD)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()


def test_full_practice_flow_with_evidence_highlighted(page: Page, question):
    log_in(page, "candidate@example.com")
    page.goto("/interviews/")
    page.get_by_role("link", name=question.question).click()
    page.get_by_label("Your answer").fill(ANSWER)
    page.get_by_role("button", name="Submit for feedback").click()
    expect(page.locator(".coverage")).to_contain_text("3 of 3 must-have points found")
    evidence = page.locator(".answer-text mark.evidence")
    expect(evidence.first).to_be_visible()
    assert evidence.count() == 3
    expect(evidence.nth(2)).to_contain_text("idempotency key")
    expect(page.get_by_role("heading", name="Model answer")).to_be_visible()
    for point in ("Not an outage", "Back off with jitter", "Idempotency keys"):
        page.get_by_role("group", name=point).get_by_label("Covered").check()
    page.get_by_role("button", name="Save my grades").click()
    expect(page.get_by_text("You graded this attempt")).to_be_visible()
    assert Attempt.objects.get().rating == 4


def test_autosaved_draft_survives_a_reload(page: Page, question):
    log_in(page, "drafter@example.com")
    page.goto(f"/interviews/{question.pk}/")
    box = page.get_by_label("Your answer")
    box.fill("My unfinished thought about rate limits")
    box.blur()  # saving on blur; the periodic save would catch it within 3 s anyway
    page.wait_for_timeout(500)
    page.reload()
    expect(page.get_by_label("Your answer")).to_have_value(
        "My unfinished thought about rate limits"
    )


def test_the_timer_runs_out_without_blocking_submission(page: Page, question):
    page.clock.install()
    log_in(page, "timer@example.com")
    page.goto(f"/interviews/{question.pk}/")
    page.get_by_label("Timer").select_option("120")
    timer = page.locator("[data-timer]")
    expect(timer).to_contain_text("2:00 left")
    page.clock.run_for("02:05")
    expect(timer).to_contain_text("Time's up")
    page.get_by_label("Your answer").fill(ANSWER)
    submit = page.get_by_role("button", name="Submit for feedback")
    expect(submit).to_be_enabled()
    submit.click()
    expect(page.locator(".coverage")).to_be_visible()
    assert Attempt.objects.get().timer_seconds == 120


def test_an_outsider_gets_404_for_someone_elses_attempt(browser: Browser, live_server, question):
    owner = browser.new_context(base_url=live_server.url)
    stranger = browser.new_context(base_url=live_server.url)
    try:
        first = owner.new_page()
        log_in(first, "owner@example.com")
        first.goto(f"/interviews/{question.pk}/")
        first.get_by_label("Your answer").fill(ANSWER)
        first.get_by_role("button", name="Submit for feedback").click()
        expect(first.locator(".coverage")).to_be_visible()
        attempt_url = first.url
        second = stranger.new_page()
        log_in(second, "stranger@example.com")
        response = second.goto(attempt_url)
        assert response is not None and response.status == 404
        expect(second.get_by_role("heading", name=re.compile("could not find"))).to_be_visible()
        assert ANSWER[:30] not in second.content()
    finally:
        owner.close()
        stranger.close()

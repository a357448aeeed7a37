"""The daily loop in a real browser: sign up, learn, come back tomorrow, on a phone, by keyboard."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from playwright.sync_api import Page, expect

from techfluency.accounts.models import User
from techfluency.curriculum.models import CheckQuestion
from techfluency.practice.models import PracticeSession
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

DAY1 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def sign_up(page: Page, email: str = "learner@example.com") -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("5 minutes a day").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()


def current_session(email: str = "learner@example.com") -> PracticeSession:
    return PracticeSession.objects.filter(user__email=email).latest("started_at")


def answer_current_question(page: Page, *, correct: bool) -> None:
    """Pick the right (or a wrong) option of the question on screen and check it."""
    label = re.search(r"Question (\d+) of", page.locator(".progress-label").inner_text())
    assert label is not None
    number = int(label.group(1))
    question = CheckQuestion.objects.get(pk=current_session().question_ids[number - 1])
    index = (
        question.correct_index
        if correct
        else next(i for i, o in enumerate(question.options) if not o["correct"])
    )
    page.get_by_label(question.options[index]["text"]).check()
    page.get_by_role("button", name="Check answer").click()
    feedback = page.locator(".feedback")
    expect(feedback).to_contain_text(question.options[index]["feedback"])
    expect(feedback).to_have_attribute("aria-live", "polite")


def finish_questions(page: Page, *, wrong_first: bool = False) -> None:
    first = True
    while True:
        answer_current_question(page, correct=not (wrong_first and first))
        first = False
        next_question = page.get_by_role("link", name="Next question")
        if next_question.count():
            next_question.click()
        else:
            page.get_by_role("link", name="See your summary").click()
            return


def test_sign_up_first_lesson_and_a_one_day_streak(page: Page, live_content):
    with time_machine.travel(DAY1, tick=True):
        sign_up(page)
        assert User.objects.get().timezone == "Europe/Madrid"  # detected in the browser
        page.get_by_role("link", name=re.compile("^Start lesson")).click()
        expect(page.get_by_role("heading", level=2, name="Hook")).to_be_visible()
        page.get_by_role("button", name="Check your understanding").click()
        finish_questions(page, wrong_first=True)
        expect(page.get_by_text("Lesson complete")).to_be_visible()
        expect(page.locator(".score")).to_contain_text("right first time")
        expect(page.locator(".streak")).to_contain_text("1 day streak")
        page.get_by_role("link", name="Back to Today").click()
        expect(page.locator(".streak")).to_contain_text("1 day streak")


def test_next_day_a_review_is_due_and_done_for_a_two_day_streak(page: Page, live_content):
    with time_machine.travel(DAY1, tick=True):
        sign_up(page)
        page.get_by_role("link", name=re.compile("^Start lesson")).click()
        page.get_by_role("button", name="Check your understanding").click()
        finish_questions(page, wrong_first=True)
    with time_machine.travel(DAY1 + timedelta(days=1), tick=True):
        page.goto("/today/")
        plan = page.locator("ol.plan")
        expect(plan.locator("li").first).to_contain_text("Review")
        page.get_by_role("button", name=re.compile("^Start review")).first.click()
        expect(page.locator(".progress-label")).to_have_text("Question 1 of 1")
        answer_current_question(page, correct=True)
        page.get_by_role("link", name="See your summary").click()
        expect(page.get_by_text("Review complete")).to_be_visible()
        expect(page.locator(".streak")).to_contain_text("2 day streak")


def test_a_lesson_can_be_completed_with_the_keyboard_only(page: Page, live_content):
    with time_machine.travel(DAY1, tick=True):
        sign_up(page)
        page.goto("/today/")
        focus_and_press(page, "Start lesson", "Enter")
        expect(page.get_by_role("heading", level=2, name="Hook")).to_be_visible()
        focus_and_press(page, "Check your understanding", "Enter")
        expect(page.locator(".progress-label")).to_have_text(re.compile("Question 1 of"))
        session = current_session()
        for index, question_id in enumerate(session.question_ids):
            question = CheckQuestion.objects.get(pk=question_id)
            # Tab into the radio group, then arrow keys move the choice to the right option.
            tab_until(page, lambda: page.evaluate("document.activeElement.type") == "radio")
            for _ in range(question.correct_index):
                page.keyboard.press("ArrowDown")
            if question.correct_index == 0:
                page.keyboard.press("Space")
            tab_until(
                page,
                lambda: (
                    page.evaluate("document.activeElement.textContent.trim()") == "Check answer"
                ),
            )
            page.keyboard.press("Enter")
            expect(page.locator(".feedback")).to_contain_text("Correct.")
            label = (
                "See your summary" if index == len(session.question_ids) - 1 else "Next question"
            )
            focus_and_press(page, label, "Enter")
            if label == "Next question":
                expect(page.locator(".progress-label")).to_have_text(
                    re.compile(f"Question {index + 2} of")
                )
        expect(page.get_by_text("Lesson complete")).to_be_visible()
        expect(page.locator(".score")).to_contain_text(
            f"{len(session.question_ids)} of {len(session.question_ids)}"
        )


def tab_until(page: Page, reached, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if reached():
            return
    raise AssertionError("focus never reached the element with the keyboard")


def focus_and_press(page: Page, name: str, key: str) -> None:
    tab_until(
        page, lambda: page.evaluate("document.activeElement.textContent.trim()").startswith(name)
    )
    page.keyboard.press(key)


def test_phone_viewport_renders_without_sideways_scrolling(browser, live_server, live_content):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    try:
        with time_machine.travel(DAY1, tick=True):
            sign_up(page, "phone@example.com")
            pages = ["/today/", "/progress/", "/accounts/settings/"]
            page.get_by_role("link", name=re.compile("^Start lesson")).click()
            pages.append(page.url)
            page.get_by_role("button", name="Check your understanding").click()
            pages.append(page.url)
            for url in pages:
                page.goto(url)
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 390, f"{url} is {width}px wide on a 390px screen"
                font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
                assert font >= 16
            # Options are big enough to tap (WCAG 2.2 target size).
            box = page.locator("label.option").first.bounding_box()
            assert box is not None and box["height"] >= 44 and box["width"] >= 300
    finally:
        context.close()


def test_the_lesson_works_with_javascript_switched_off(browser, live_server, live_content):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        with time_machine.travel(DAY1, tick=True):
            sign_up(page, "nojs@example.com")
            page.get_by_role("link", name=re.compile("^Start lesson")).click()
            page.get_by_role("button", name="Check your understanding").click()
            session = PracticeSession.objects.get(user__email="nojs@example.com")
            for index, question_id in enumerate(session.question_ids):
                question = CheckQuestion.objects.get(pk=question_id)
                page.get_by_label(question.options[question.correct_index]["text"]).check()
                page.get_by_role("button", name="Check answer").click()
                expect(page).to_have_url(re.compile(r"/feedback/"))
                expect(page.locator(".feedback")).to_contain_text(
                    question.options[question.correct_index]["feedback"]
                )
                last = index == len(session.question_ids) - 1
                page.get_by_role(
                    "link", name="See your summary" if last else "Next question"
                ).click()
            expect(page.get_by_text("Lesson complete")).to_be_visible()
    finally:
        context.close()

"""The SQL Lab in a real browser: s11 answered wrongly first (feedback shown), then rightly."""

from pathlib import Path

import pytest
from django.core.cache import caches
from playwright.sync_api import Page, expect

from techfluency.accounts.models import User
from techfluency.sqllab import service
from techfluency.sqllab.models import Draft, Exercise
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ROOT = Path(__file__).resolve().parent.parent.parent

WRONG = (
    "SELECT u.user_id, u.email, u.created_at\n"
    "FROM users u\n"
    "WHERE u.user_id NOT IN (SELECT e.user_id FROM events e WHERE e.event_name = 'onboarding_completed')"
)


@pytest.fixture
def lab(live_content, settings):
    settings.SQLLAB_DATA_DIR = ROOT / "var" / "test-sqllab"
    settings.SQLLAB_DATASET_SIZE = "small"
    settings.SQLLAB_WORKERS = 1
    caches["shared"].clear()
    service.reset()
    yield
    service.reset()


def log_in(page: Page, email: str) -> None:
    User.objects.create_user(email=email, password=PASSWORD)
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()


def test_s11_wrong_answer_gets_feedback_then_the_right_one_is_accepted(page: Page, lab):
    log_in(page, "analyst@example.com")
    page.goto("/sql/s11/")
    expect(page.get_by_role("heading", name=Exercise.objects.get(pk="s11").title)).to_be_visible()
    editor = page.get_by_label("Your SQL")
    editor.fill(WRONG)
    page.get_by_role("button", name="Check answer").click()
    verdict = page.locator(".verdict")
    expect(verdict).to_contain_text("Not yet")
    expect(page.locator(".mistake")).to_contain_text("NOT IN")
    expect(page.get_by_role("link", name="Revisit the lesson").first).to_be_visible()

    editor.fill(Exercise.objects.get(pk="s11").reference)
    page.get_by_role("button", name="Check answer").click()
    expect(page.locator(".verdict.good")).to_contain_text("Correct.")


def test_editor_keys_run_and_indent_and_the_draft_survives_a_reload(page: Page, lab):
    log_in(page, "typist@example.com")
    page.goto("/sql/s01/")
    editor = page.get_by_label("Your SQL")
    editor.click()
    page.keyboard.type("SELECT")
    page.keyboard.press("Tab")  # indents instead of leaving the editor
    page.keyboard.type("1 AS one")
    expect(editor).to_have_value("SELECT  1 AS one")
    page.keyboard.press("Control+Enter")  # runs the query
    expect(page.locator("#lab-output table.results")).to_contain_text("one")
    page.wait_for_timeout(300)
    page.reload()
    expect(page.get_by_label("Your SQL")).to_have_value("SELECT  1 AS one")
    assert (
        Draft.objects.get(user__email="typist@example.com", exercise_id="s01").sql
        == "SELECT  1 AS one"
    )

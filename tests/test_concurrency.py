"""Completion counts once under truly concurrent requests (PostgreSQL: real row locks)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from techfluency.accounts.models import User
from techfluency.curriculum.models import CheckQuestion, Concept
from techfluency.practice.models import Answer, PracticeSession, ReviewLog
from techfluency.progress.models import Activity
from tests.conftest import PASSWORD, load_real_content

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises every write; the race needs PostgreSQL",
)

THREADS = 8


def run_at_once(work) -> list[int]:
    """Run `work(index)` in THREADS threads released together; return their status codes."""
    barrier = threading.Barrier(THREADS)
    statuses: list[int] = [0] * THREADS

    def worker(index: int) -> None:
        try:
            barrier.wait()
            statuses[index] = work(index)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.django_db(transaction=True)
def test_the_last_answer_posted_from_eight_tabs_at_once_counts_once():
    load_real_content()
    user = User.objects.create_user(email="racer@example.com", password=PASSWORD)
    client = Client()
    client.force_login(user)
    concept = Concept.objects.live().order_by("position").first()
    assert concept is not None
    start = client.post(reverse("practice-lesson-start", args=[concept.slug]))
    session = PracticeSession.objects.get(user=user)
    assert start.status_code == 302
    *first, last = session.question_ids
    for question_id in first:
        client.post(
            reverse("practice-answer", args=[session.pk]), {"question": question_id, "option": 0}
        )
    last_question = CheckQuestion.objects.get(pk=last)
    cookies = client.cookies

    def post_last_answer(index: int) -> int:
        tab = Client()
        tab.cookies = cookies
        response = tab.post(
            reverse("practice-answer", args=[session.pk]),
            {"question": last, "option": (last_question.correct_index + index) % 4},
        )
        return response.status_code

    statuses = run_at_once(post_last_answer)
    assert statuses == [302] * THREADS
    assert Answer.objects.filter(session=session).count() == len(session.question_ids)
    assert Activity.objects.filter(user=user).count() == 1
    assert ReviewLog.objects.filter(card__user=user).count() == 1
    session.refresh_from_db()
    assert session.completed_at is not None


@pytest.mark.django_db(transaction=True)
def test_starting_one_lesson_from_eight_tabs_at_once_opens_one_session():
    load_real_content()
    user = User.objects.create_user(email="tabs@example.com", password=PASSWORD)
    client = Client()
    client.force_login(user)
    concept = Concept.objects.live().order_by("position").first()
    assert concept is not None
    cookies = client.cookies

    def start(index: int) -> int:
        tab = Client()
        tab.cookies = cookies
        return tab.post(reverse("practice-lesson-start", args=[concept.slug])).status_code

    assert run_at_once(start) == [302] * THREADS
    assert PracticeSession.objects.filter(user=user).count() == 1


def test_activity_table_enforces_count_once_with_a_constraint():
    constraints = {c.name for c in Activity._meta.constraints}
    assert "activity_counts_once" in constraints

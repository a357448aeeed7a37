"""The daily loop through HTTP: a lesson, its feedback and summary, and the next day's review."""

import itertools
from datetime import UTC, datetime, timedelta

import time_machine
from django.urls import reverse

from techfluency.curriculum.models import CheckQuestion, Concept
from techfluency.practice.models import Answer, Card, PracticeSession, ReviewLog
from techfluency.practice.scheduling import Rating
from techfluency.progress.models import Activity
from tests.flows import answer_all, start_lesson, start_review, wrong_option

MORNING = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def first_concept() -> Concept:
    return Concept.objects.live().order_by("position").first()  # type: ignore[return-value]


@time_machine.travel(MORNING, tick=False)
def test_today_offers_the_first_lesson_to_a_new_learner(content, learner, client_for):
    response = client_for(learner).get(reverse("practice-today"))
    assert response.status_code == 200
    plan = response.context["today"].plan
    assert [item.subject for item in plan.items] == [first_concept().pk]
    assert "New lesson" in response.text and first_concept().title in response.text
    assert "2 min" in response.text


@time_machine.travel(MORNING, tick=False)
def test_lesson_page_shows_the_body_and_the_start_button(content, learner, client_for):
    concept = first_concept()
    response = client_for(learner).get(reverse("practice-lesson", args=[concept.slug]))
    assert response.status_code == 200
    assert "<h2>Hook</h2>" in response.text
    assert "Check your understanding" in response.text


@time_machine.travel(MORNING, tick=False)
def test_answering_shows_that_options_feedback_then_a_summary(content, learner, client_for):
    client = client_for(learner)
    session = start_lesson(client, first_concept())
    question = CheckQuestion.objects.get(pk=session.question_ids[0])
    chosen = wrong_option(question)

    response = client.post(
        reverse("practice-answer", args=[session.pk]), {"question": question.pk, "option": chosen}
    )
    assert response.status_code == 302
    feedback = client.get(response["Location"])
    assert feedback.status_code == 200
    assert question.options[chosen]["feedback"] in feedback.text
    assert 'aria-live="polite"' in feedback.text
    assert "Next question" in feedback.text

    answer_all(client, PracticeSession.objects.get(pk=session.pk))
    summary = client.get(reverse("practice-summary", args=[session.pk]))
    assert summary.status_code == 200
    total = len(session.question_ids)
    assert f"{total - 1} of {total}" in summary.text


@time_machine.travel(MORNING, tick=False)
def test_htmx_answer_returns_the_feedback_fragment(content, learner, client_for):
    client = client_for(learner)
    session = start_lesson(client, first_concept())
    question = CheckQuestion.objects.get(pk=session.question_ids[0])
    response = client.post(
        reverse("practice-answer", args=[session.pk]),
        {"question": question.pk, "option": question.correct_index},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="question-card"')
    assert question.options[question.correct_index]["feedback"] in response.text


@time_machine.travel(MORNING, tick=False)
def test_finished_lesson_becomes_an_fsrs_card_with_a_review_log(content, learner, client_for):
    client = client_for(learner)
    concept = first_concept()
    session = start_lesson(client, concept)
    answer_all(client, session, wrong=1)

    card = Card.objects.get(user=learner, subject=concept.pk)
    log = ReviewLog.objects.get(card=card)
    assert log.rating == Rating.HARD  # one slip in four or more questions
    assert log.session_id == session.pk
    assert card.due > MORNING and card.last_review == MORNING
    session.refresh_from_db()
    assert session.completed_at == MORNING and session.rating == Rating.HARD


@time_machine.travel(MORNING, tick=False)
def test_resubmitting_answers_counts_the_lesson_once(content, learner, client_for):
    client = client_for(learner)
    session = start_lesson(client, first_concept())
    answer_all(client, session)
    answer_all(client, session)  # a retried POST for every question, after completion

    assert Activity.objects.filter(user=learner).count() == 1
    assert ReviewLog.objects.filter(card__user=learner).count() == 1
    assert Answer.objects.filter(session=session).count() == len(session.question_ids)


@time_machine.travel(MORNING, tick=False)
def test_two_tabs_share_one_open_session(content, learner, client_for):
    first_tab, second_tab = client_for(learner), client_for(learner)
    concept = first_concept()
    assert start_lesson(first_tab, concept).pk == start_lesson(second_tab, concept).pk


@time_machine.travel(MORNING, tick=False)
def test_first_answer_stands_when_a_question_is_answered_twice(content, learner, client_for):
    client = client_for(learner)
    session = start_lesson(client, first_concept())
    question = CheckQuestion.objects.get(pk=session.question_ids[0])
    url = reverse("practice-answer", args=[session.pk])
    client.post(url, {"question": question.pk, "option": wrong_option(question)})
    client.post(url, {"question": question.pk, "option": question.correct_index})
    assert Answer.objects.get(session=session, question=question).correct is False


def test_review_next_day_asks_a_different_question_and_extends_the_streak(
    content, learner, client_for
):
    client = client_for(learner)
    concept = first_concept()
    with time_machine.travel(MORNING, tick=False):
        session = start_lesson(client, concept)
        answer_all(client, session, wrong=2)  # rated Again: due the next day
    last_seen = Answer.objects.filter(session=session).latest("answered_at", "id").question.key

    with time_machine.travel(MORNING + timedelta(days=1), tick=False):
        today = client.get(reverse("practice-today")).context["today"]
        assert today.plan.items[0].kind == "review"
        review = start_review(client, concept)
        assert len(review.question_ids) == 1
        assert CheckQuestion.objects.get(pk=review.question_ids[0]).key != last_seen
        answer_all(client, review)
        assert today.streak.current == 1
        after = client.get(reverse("practice-today")).context["today"]
        assert after.streak.current == 2
    assert ReviewLog.objects.filter(card__user=learner).count() == 2


def test_review_rotates_to_the_question_seen_longest_ago(content, learner, client_for):
    client = client_for(learner)
    concept = first_concept()
    assert concept.current_version is not None
    keys = list(
        concept.current_version.questions.order_by("position").values_list("key", flat=True)
    )
    with time_machine.travel(MORNING, tick=False):
        answer_all(client, start_lesson(client, concept))
    asked = []
    for day in range(1, len(keys) + 1):
        with time_machine.travel(MORNING + timedelta(days=30 * day), tick=False):
            review = start_review(client, concept)
            asked.append(CheckQuestion.objects.get(pk=review.question_ids[0]).key)
            answer_all(client, review)
    assert all(a != b for a, b in itertools.pairwise(asked))
    assert sorted(asked) == sorted(keys)


@time_machine.travel(MORNING, tick=False)
def test_review_of_an_unstudied_concept_is_404(content, learner, client_for):
    response = client_for(learner).post(
        reverse("practice-review-start", args=[first_concept().slug])
    )
    assert response.status_code == 404


@time_machine.travel(MORNING, tick=False)
def test_a_studied_concept_reopened_is_practice_not_a_new_lesson(content, learner, client_for):
    client = client_for(learner)
    concept = first_concept()
    answer_all(client, start_lesson(client, concept))
    again = start_lesson(client, concept)
    assert again.kind == "library"

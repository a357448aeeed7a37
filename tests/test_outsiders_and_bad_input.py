"""Another learner gets 404 for anything of yours; garbage input gets a 4xx with a message."""

import pytest
from django.test import Client
from django.urls import reverse

from techfluency.curriculum.models import Concept
from tests.flows import answer_all, start_lesson


@pytest.fixture
def finished_session(content, learner, client_for):
    client = client_for(learner)
    session = start_lesson(client, Concept.objects.live().order_by("position")[0])
    answer_all(client, session)
    return session


@pytest.fixture
def open_session(content, learner, client_for):
    return start_lesson(client_for(learner), Concept.objects.live().order_by("position")[0])


def session_urls(session) -> list[tuple[str, str, dict]]:
    question = session.question_ids[0]
    return [
        ("get", reverse("practice-session", args=[session.pk]), {}),
        ("get", reverse("practice-summary", args=[session.pk]), {}),
        ("get", reverse("practice-feedback", args=[session.pk, question]), {}),
        (
            "post",
            reverse("practice-answer", args=[session.pk]),
            {"question": question, "option": 0},
        ),
    ]


def test_outsider_gets_404_for_every_page_of_a_finished_session(
    finished_session, outsider, client_for
):
    client = client_for(outsider)
    for method, url, data in session_urls(finished_session):
        assert getattr(client, method)(url, data).status_code == 404, url


def test_outsider_gets_404_for_an_open_session_and_cannot_answer_it(
    open_session, outsider, client_for
):
    client = client_for(outsider)
    for method, url, data in session_urls(open_session):
        assert getattr(client, method)(url, data).status_code == 404, url
    assert not open_session.answers.exists()


def test_the_owner_sees_their_session(finished_session, learner, client_for):
    client = client_for(learner)
    assert client.get(reverse("practice-summary", args=[finished_session.pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(finished_session):
    for method, url, data in session_urls(finished_session):
        response = getattr(Client(), method)(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_outsiders_pages_show_none_of_the_learners_data(
    finished_session, learner, outsider, client_for
):
    client = client_for(outsider)
    for name in ("practice-today", "progress-overview", "accounts-settings", "accounts-export"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert learner.email not in response.content.decode()
    assert client.get(reverse("progress-overview")).context["streak"].current == 0


GARBAGE = [
    {},
    {"unexpected": "field"},
    {"email": "x" * 100_000, "password": "y" * 100_000, "username": "z" * 100_000},
    {
        "email": "nul\x00@example.com",
        "password": "a\x00b",
        "username": "a\x00b",
        "timezone": "Europe/\x00London",
    },
    {
        "email": ["a@example.com", "not an email"],
        "daily_goal_minutes": "ten",
        "timezone": "../../etc/passwd",
    },
    {
        "question": "DROP TABLE",
        "option": "-1",
        "day_start_hour": "noon",
        "new_password1": "a",
        "new_password2": "b",
    },
]


def form_posts(session) -> list[tuple[str, bool]]:
    """(url, needs a logged-in learner) for every form that accepts a POST."""
    return [
        (reverse("accounts-signup"), False),
        (reverse("accounts-login"), False),
        (reverse("accounts-password-reset"), False),
        (reverse("accounts-settings"), True),
        (reverse("accounts-delete"), True),
        (reverse("practice-answer", args=[session.pk]), True),
    ]


@pytest.mark.parametrize("payload", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_posts_get_a_4xx_with_a_message(open_session, learner, client_for, payload):
    for url, needs_login in form_posts(open_session):
        client = client_for(learner) if needs_login else Client()
        response = client.post(url, payload)
        assert 400 <= response.status_code < 500, (url, response.status_code)
        text = response.content.decode()
        assert 'role="alert"' in text or "error" in text.lower(), url
    assert learner.__class__.objects.filter(pk=learner.pk).exists()


def test_answer_with_an_option_that_does_not_exist_is_400(open_session, learner, client_for):
    response = client_for(learner).post(
        reverse("practice-answer", args=[open_session.pk]),
        {"question": open_session.question_ids[0], "option": 7},
    )
    assert response.status_code == 400
    assert "That answer is not one of the options." in response.text
    assert not open_session.answers.exists()


def test_answer_with_no_option_chosen_is_400_and_asks_for_one(open_session, learner, client_for):
    response = client_for(learner).post(
        reverse("practice-answer", args=[open_session.pk]),
        {"question": open_session.question_ids[0]},
    )
    assert response.status_code == 400 and "Choose an answer first." in response.text


def test_answer_to_a_question_outside_the_session_is_400(open_session, learner, client_for):
    from techfluency.curriculum.models import CheckQuestion

    other = CheckQuestion.objects.exclude(pk__in=open_session.question_ids).first()
    question_id = other.pk if other else max(open_session.question_ids) + 1000
    response = client_for(learner).post(
        reverse("practice-answer", args=[open_session.pk]), {"question": question_id, "option": 0}
    )
    assert response.status_code == 400 and "not part of this session" in response.text


def test_password_reset_confirm_with_mismatched_passwords_is_400(learner):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    client = Client()
    uid = urlsafe_base64_encode(force_bytes(learner.pk))
    url = reverse(
        "accounts-password-reset-confirm", args=[uid, default_token_generator.make_token(learner)]
    )
    form_url = client.get(url, follow=True).redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "first choice 123", "new_password2": "second choice 456"}
    )
    assert response.status_code == 400 and "didn’t match" in response.text


def test_unknown_lesson_is_404_and_missing_csrf_is_403_with_a_message(content, learner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.get(reverse("practice-lesson", args=["no-such-lesson"])).status_code == 404
    response = client.post(reverse("accounts-settings"), {"timezone": "UTC"})
    assert response.status_code == 403 and "This form has expired" in response.text


def test_wrong_method_is_405(content, learner, client_for):
    assert client_for(learner).get(reverse("accounts-logout")).status_code == 405
    assert client_for(learner).get(reverse("practice-answer", args=[1])).status_code == 405


def test_a_request_over_the_size_limit_is_400_and_names_the_limit(
    content, learner, client_for, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = client_for(learner).post(
        reverse("accounts-settings"), {"timezone": "x" * (2 * 1024 * 1024)}
    )
    assert response.status_code == 400
    assert "larger than 1 MB, the limit for one request" in response.text


def test_too_many_fields_is_400_and_names_the_limit(content, learner, client_for, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client_for(learner).post(
        reverse("accounts-settings"), {f"f{i}": "x" for i in range(20)}
    )
    assert response.status_code == 400
    assert "more than 10 fields, the limit for one request" in response.text

"""Sign-up, log-in and its rate limit, password reset by email, settings, export and deletion."""

import json
import re
import socket
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from techfluency.accounts.models import User
from techfluency.practice.models import Card, PracticeSession
from techfluency.progress.models import Activity
from tests.conftest import PASSWORD
from tests.flows import answer_all, start_lesson


@pytest.fixture(autouse=True)
def _empty_rate_limits(db):
    caches["shared"].clear()


def signup(client: Client, **overrides: str):
    data = {
        "email": "new@example.com",
        "password": PASSWORD,
        "timezone": "Europe/Paris",
        "daily_goal_minutes": "5",
    }
    return client.post(reverse("accounts-signup"), {**data, **overrides})


def test_signup_logs_in_and_keeps_the_zone_and_goal(db):
    client = Client()
    response = signup(client, email="New@Example.com", daily_goal_minutes="10")
    assert response.status_code == 302 and response["Location"] == reverse("practice-today")
    user = User.objects.get()
    assert (user.email, user.timezone, user.daily_goal_minutes, user.day_start_hour) == (
        "new@example.com",
        "Europe/Paris",
        10,
        4,
    )
    assert client.get(reverse("practice-today")).status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("password123", "This password is too common."),
        ("short", "This password is too short."),
        ("83920174659", "This password is entirely numeric."),
    ],
)
def test_signup_rejects_weak_passwords_with_a_message(db, password, message):
    response = signup(Client(), password=password)
    assert response.status_code == 400
    assert message in response.text
    assert not User.objects.exists()


def test_signup_rejects_an_invalid_time_zone(db):
    response = signup(Client(), timezone="Mars/Olympus_Mons")
    assert response.status_code == 400
    assert "is not a time zone we know" in response.text


def test_signup_with_a_taken_email_in_another_case_is_refused(learner):
    response = signup(Client(), email="LEARNER@example.com")
    assert response.status_code == 400
    assert "already exists" in response.text


def test_login_and_logout(learner):
    client = Client()
    response = client.post(
        reverse("accounts-login"), {"username": "Learner@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("practice-today")).status_code == 200
    assert client.post(reverse("accounts-logout")).status_code == 302
    assert client.get(reverse("practice-today")).status_code == 302


def test_wrong_password_is_a_400_with_a_message(learner):
    response = Client().post(
        reverse("accounts-login"), {"username": learner.email, "password": "nope"}
    )
    assert response.status_code == 400
    assert "do not match an account" in response.text


def test_login_is_rate_limited_per_account_with_429_and_retry_after(learner, settings):
    settings.LOGIN_LIMIT_PER_ACCOUNT = 3
    client = Client()
    for _ in range(3):
        assert (
            client.post(
                reverse("accounts-login"), {"username": learner.email, "password": "bad"}
            ).status_code
            == 400
        )
    blocked = client.post(
        reverse("accounts-login"), {"username": learner.email, "password": PASSWORD}
    )
    assert blocked.status_code == 429
    assert int(blocked["Retry-After"]) > 0
    assert "Too many failed log-in attempts for this account" in blocked.text
    assert "the limit is 3 every 15 minutes" in blocked.text
    # Another account from the same address is not blocked by this account's limit.
    User.objects.create_user(email="other@example.com", password=PASSWORD)
    other = client.post(
        reverse("accounts-login"), {"username": "other@example.com", "password": PASSWORD}
    )
    assert other.status_code == 302


def test_login_is_rate_limited_per_address(learner, settings):
    settings.LOGIN_LIMIT_PER_IP = 4
    client = Client(REMOTE_ADDR="203.0.113.9")
    for index in range(4):
        client.post(
            reverse("accounts-login"), {"username": f"guess{index}@example.com", "password": "bad"}
        )
    blocked = client.post(
        reverse("accounts-login"), {"username": learner.email, "password": PASSWORD}
    )
    assert blocked.status_code == 429
    assert "your network address" in blocked.text
    assert (
        Client(REMOTE_ADDR="203.0.113.10")
        .post(reverse("accounts-login"), {"username": learner.email, "password": PASSWORD})
        .status_code
        == 302
    )


def test_spoofed_forwarded_for_does_not_reset_the_address_limit(learner, settings):
    settings.LOGIN_LIMIT_PER_IP = 2
    client = Client(REMOTE_ADDR="203.0.113.9")
    for index in range(3):
        client.post(
            reverse("accounts-login"),
            {"username": f"guess{index}@example.com", "password": "bad"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{index}",
        )
    blocked = client.post(
        reverse("accounts-login"),
        {"username": learner.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="1.2.3.4",
    )
    assert blocked.status_code == 429


def reset_link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/password-reset/[^\s]+/)", body)
    assert match, body
    return match.group(1)


def finish_reset(client: Client, link: str, email: str) -> None:
    confirm = client.get(link, follow=True)
    assert confirm.status_code == 200 and "Choose a new password" in confirm.text
    new_password = "a brand new passphrase 42"
    done = client.post(
        confirm.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    assert (
        Client()
        .post(reverse("accounts-login"), {"username": email, "password": new_password})
        .status_code
        == 302
    )


def test_password_reset_by_email_with_the_default_backend(learner):
    client = Client()
    response = client.post(reverse("accounts-password-reset"), {"email": "LEARNER@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [learner.email]
    finish_reset(client, reset_link(str(mail.outbox[0].body)), learner.email)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content)
        return "250 Message accepted for delivery"


def test_password_reset_goes_through_a_real_smtp_server_when_configured(learner, settings):
    inbox = _Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        client = Client()
        assert (
            client.post(reverse("accounts-password-reset"), {"email": learner.email}).status_code
            == 302
        )
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    message = message_from_bytes(inbox.messages[0])
    assert message["To"] == learner.email
    assert message["Subject"] == "Reset your TechFluency password"
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    finish_reset(client, reset_link(payload.decode()), learner.email)


def test_password_reset_for_an_unknown_email_says_the_same_and_sends_nothing(db):
    response = Client().post(reverse("accounts-password-reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302 and mail.outbox == []


def test_settings_change_zone_hour_goal_and_hidden_streak(learner, client_for):
    client = client_for(learner)
    response = client.post(
        reverse("accounts-settings"),
        {
            "timezone": "America/Santiago",
            "day_start_hour": "6",
            "daily_goal_minutes": "2",
            "hide_streak": "on",
        },
    )
    assert response.status_code == 302
    learner.refresh_from_db()
    assert (
        learner.timezone,
        learner.day_start_hour,
        learner.daily_goal_minutes,
        learner.hide_streak,
    ) == (
        "America/Santiago",
        6,
        2,
        True,
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("timezone", "Not/AZone", "is not a time zone we know"),
        ("day_start_hour", "25", "Select a valid choice"),
        ("daily_goal_minutes", "7", "Select a valid choice"),
    ],
)
def test_settings_reject_nonsense_with_a_form_error(learner, client_for, field, value, message):
    data = {"timezone": "UTC", "day_start_hour": "4", "daily_goal_minutes": "5", field: value}
    response = client_for(learner).post(reverse("accounts-settings"), data)
    assert response.status_code == 400
    assert message in response.text


def test_export_downloads_everything_the_learner_did(content, learner, second_learner, client_for):
    client = client_for(learner)
    session = start_lesson(client, content[0])
    answer_all(client, session)
    answer_all(client_for(second_learner), start_lesson(client_for(second_learner), content[0]))

    response = client.get(reverse("accounts-export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="techfluency-export-')
    data = json.loads(response.content)
    assert data["account"]["email"] == learner.email
    assert len(data["cards"]) == 1 and len(data["review_logs"]) == 1
    assert len(data["answers"]) == len(session.question_ids)
    assert [a["ref"] for a in data["activities"]] == [str(session.pk)]
    assert second_learner.email not in response.text


def test_delete_needs_the_password_then_removes_everything(
    content, learner, second_learner, client_for
):
    client = client_for(learner)
    answer_all(client, start_lesson(client, content[0]))
    answer_all(client_for(second_learner), start_lesson(client_for(second_learner), content[0]))

    wrong = client.post(reverse("accounts-delete"), {"password": "not it"})
    assert wrong.status_code == 400 and "nothing was deleted" in wrong.text
    assert User.objects.filter(pk=learner.pk).exists()

    assert client.post(reverse("accounts-delete"), {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=learner.pk).exists()
    for model in (Card, PracticeSession, Activity):
        assert not model.objects.filter(user_id=learner.pk).exists()
        assert model.objects.filter(user=second_learner).exists()
    assert client.get(reverse("practice-today")).status_code == 302

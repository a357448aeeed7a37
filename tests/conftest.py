"""The cast and fixtures every test shares.

The cast: `learner` (does the work), `second_learner` (a teammate with their own history) and
`outsider` (must never see anyone else's rows).
"""

import functools
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from techfluency.accounts.models import User
from techfluency.curriculum import catalogue
from techfluency.curriculum.content_dir import Content, read_content
from techfluency.curriculum.lesson_format import LessonFile
from techfluency.curriculum.loading import content_load
from techfluency.curriculum.models import Concept

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def django_db_modify_db_settings() -> None:
    """One test database per xdist worker; on SQLite a file rather than memory.

    With an in-memory database the live server's thread shares the test thread's connection,
    so a browser's background request (the answer autosave) interleaving with the test's own
    queries corrupts transactions ("no such savepoint"). A file gives each thread its own.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    database = settings.DATABASES["default"]
    test = database.setdefault("TEST", {})
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test["NAME"] = str(
            Path(tempfile.gettempdir()) / f"techfluency-test-{os.getppid()}-{worker}.sqlite3"
        )
    else:
        test["NAME"] = f"{test.get('NAME') or 'test_' + database['NAME']}_{worker}"


@pytest.fixture(autouse=True)
def _fresh_catalogue():

    # The catalogue is cached per process against a revision number that restarts with
    # every test database; start each test from the database, not from the last test.
    catalogue.forget()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@functools.cache
def real_content() -> Content:
    """Everything in content/, read and checked once per test process."""
    return read_content(settings.CONTENT_DIR)


def parsed_lessons() -> tuple[LessonFile, ...]:
    return tuple(real_content().lessons)


def load_real_content() -> None:
    content = real_content()
    content_load(
        lessons=content.lessons,
        exercises=content.exercises,
        questions=content.interview_questions,
        glossary=content.glossary,
        now=datetime.fromisoformat("2026-01-01T00:00:00+00:00"),
    )


@pytest.fixture
def content(db: None) -> list[Concept]:
    """The real curriculum, loaded into the test database."""
    load_real_content()
    return list(Concept.objects.live())


def make_user(email: str, **fields: object) -> User:
    return User.objects.create_user(email=email, password=PASSWORD, **fields)


@pytest.fixture
def learner(db: None) -> User:
    return make_user("learner@example.com", timezone="Europe/London")


@pytest.fixture
def second_learner(db: None) -> User:
    return make_user("teammate@example.com", timezone="Asia/Kolkata")


@pytest.fixture
def outsider(db: None) -> User:
    return make_user("outsider@example.com", timezone="America/New_York")


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make

"""Helpers the web benchmark runs inside Django: log-in sessions and table sizes."""

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import Count

from techfluency.accounts.models import User
from techfluency.practice.models import Answer, Card, PracticeSession, ReviewLog
from techfluency.progress.models import Activity


def session_keys(count: int) -> list[str]:
    """Log-in sessions for the learners who practise most: they are who load Today."""
    keys = []
    busiest = (
        User.objects.filter(email__endswith="@bench.example")
        .annotate(done=Count("activities"))
        .order_by("-done", "pk")[:count]
    )
    for user in busiest:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(str(store.session_key))
    return keys


def table_counts() -> dict[str, int]:
    return {
        "learners": User.objects.count(),
        "cards": Card.objects.count(),
        "sessions": PracticeSession.objects.count(),
        "answers": Answer.objects.count(),
        "review logs": ReviewLog.objects.count(),
        "activities": Activity.objects.count(),
    }

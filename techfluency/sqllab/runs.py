"""Per learner: one query at a time, and a limit per minute. Each refusal names its limit."""

import contextlib
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import caches

from techfluency.accounts.models import User
from techfluency.core import ratelimit

# Longer than any query can run (time limit plus the kill grace), so a crashed request
# cannot leave a learner locked out for more than this.
_SLOT_SECONDS = 30


class QueryRefused(Exception):
    def __init__(self, message: str, status: int, retry_after: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


@contextlib.contextmanager
def learner_run_slot(user: User) -> Iterator[None]:
    window = ratelimit.Window("sql-runs", settings.SQLLAB_RUNS_PER_MINUTE, 60)
    blocked = ratelimit.take(window, str(user.pk))
    if blocked is not None:
        raise QueryRefused(
            f"You have run {window.allowed} queries in the last minute, the limit for one learner. "
            f"Try again in {blocked.retry_after} s.",
            status=429,
            retry_after=blocked.retry_after,
        )
    cache = caches["shared"]
    key = f"sql-running:{user.pk}"
    if not cache.add(key, 1, _SLOT_SECONDS):
        raise QueryRefused(
            "Your previous query is still running: one query at a time per learner. Wait for it to finish.",
            status=429,
            retry_after=2,
        )
    try:
        yield
    finally:
        cache.delete(key)

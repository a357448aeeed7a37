"""Fixed-window counters in the shared cache (Redis when REDIS_URL is set, else a database
table), so every worker process sees the same count."""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import caches


@dataclass(frozen=True)
class Window:
    name: str  # what is limited, e.g. "login-account"
    allowed: int
    seconds: int


@dataclass(frozen=True)
class Blocked:
    window: Window
    retry_after: int


def _key(window: Window, identity: str, now: float) -> tuple[str, float]:
    start = int(now // window.seconds) * window.seconds
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"rate:{window.name}:{digest}:{start}", start + window.seconds


def count(window: Window, identity: str) -> tuple[int, int]:
    """(hits so far in the current window, seconds until it resets)."""
    now = time.time()
    key, end = _key(window, identity, now)
    return int(caches["shared"].get(key) or 0), max(1, int(end - now))


def check(window: Window, identity: str) -> Blocked | None:
    hits, retry_after = count(window, identity)
    return Blocked(window, retry_after) if hits >= window.allowed else None


def hit(window: Window, identity: str) -> None:
    now = time.time()
    key, end = _key(window, identity, now)
    cache = caches["shared"]
    timeout = max(1, int(end - now))
    # add() then incr(): incr alone fails on a missing key, and add is atomic in both backends.
    cache.add(key, 0, timeout)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout)


def take(window: Window, identity: str) -> Blocked | None:
    """Count one use, unless the window is already full."""
    blocked = check(window, identity)
    if blocked is None:
        hit(window, identity)
    return blocked

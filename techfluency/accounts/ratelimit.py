"""Fixed-window counters for failed log-ins, per account and per client address.

Counters live in the "shared" cache (Redis when REDIS_URL is set, else a database table) so
every worker process sees the same count.
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest


@dataclass(frozen=True)
class Limit:
    scope: str  # "account" or "address"
    allowed: int
    window_seconds: int


@dataclass(frozen=True)
class Blocked:
    limit: Limit
    retry_after: int

    @property
    def message(self) -> str:
        minutes = max(1, round(self.retry_after / 60))
        who = "this account" if self.limit.scope == "account" else "your network address"
        return (
            f"Too many failed log-in attempts for {who}: the limit is {self.limit.allowed} "
            f"every {self.limit.window_seconds // 60} minutes. Try again in about {minutes} minute"
            f"{'s' if minutes != 1 else ''}, or reset your password."
        )


def login_limits() -> tuple[Limit, Limit]:
    window = settings.LOGIN_LIMIT_WINDOW_SECONDS
    return (
        Limit("account", settings.LOGIN_LIMIT_PER_ACCOUNT, window),
        Limit("address", settings.LOGIN_LIMIT_PER_IP, window),
    )


def client_address(request: HttpRequest) -> str:
    """The client's address; X-Forwarded-For is read only behind the configured proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def _key(limit: Limit, identity: str, now: float) -> tuple[str, int]:
    window_start = int(now // limit.window_seconds) * limit.window_seconds
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]
    return f"login-fail:{limit.scope}:{digest}:{window_start}", window_start + limit.window_seconds


def check(identities: dict[str, str]) -> Blocked | None:
    """The first limit already used up for these identities ({scope: identity}), if any."""
    now = time.time()
    cache = caches["shared"]
    for limit in login_limits():
        key, window_end = _key(limit, identities[limit.scope], now)
        if (cache.get(key) or 0) >= limit.allowed:
            return Blocked(limit=limit, retry_after=max(1, int(window_end - now)))
    return None


def record_failure(identities: dict[str, str]) -> None:
    now = time.time()
    cache = caches["shared"]
    for limit in login_limits():
        key, window_end = _key(limit, identities[limit.scope], now)
        timeout = max(1, int(window_end - now))
        # add() then incr(): incr alone fails on a missing key, and add is atomic in both backends.
        cache.add(key, 0, timeout)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout)

"""Failed log-ins, limited per account and per client address."""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from techfluency.core import ratelimit


@dataclass(frozen=True)
class LoginBlocked:
    blocked: ratelimit.Blocked

    @property
    def retry_after(self) -> int:
        return self.blocked.retry_after

    @property
    def message(self) -> str:
        window = self.blocked.window
        minutes = max(1, round(self.retry_after / 60))
        who = "this account" if window.name == "login-account" else "your network address"
        return (
            f"Too many failed log-in attempts for {who}: the limit is {window.allowed} "
            f"every {window.seconds // 60} minutes. Try again in about {minutes} minute"
            f"{'s' if minutes != 1 else ''}, or reset your password."
        )


def _windows() -> dict[str, ratelimit.Window]:
    seconds = settings.LOGIN_LIMIT_WINDOW_SECONDS
    return {
        "account": ratelimit.Window("login-account", settings.LOGIN_LIMIT_PER_ACCOUNT, seconds),
        "address": ratelimit.Window("login-address", settings.LOGIN_LIMIT_PER_IP, seconds),
    }


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


def check(identities: dict[str, str]) -> LoginBlocked | None:
    """The first limit already used up for these identities ({scope: identity}), if any."""
    for scope, window in _windows().items():
        blocked = ratelimit.check(window, identities[scope])
        if blocked is not None:
            return LoginBlocked(blocked)
    return None


def record_failure(identities: dict[str, str]) -> None:
    for scope, window in _windows().items():
        ratelimit.hit(window, identities[scope])

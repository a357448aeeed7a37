"""Small request helpers shared by the apps' views."""

from django.http import HttpRequest

from techfluency.accounts.models import User


def authenticated_user(request: HttpRequest) -> User:
    """The logged-in learner, typed; only call behind @login_required."""
    user = request.user
    assert isinstance(user, User), "view must be behind @login_required"
    return user


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"

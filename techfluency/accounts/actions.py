from django.db import transaction

from techfluency.accounts.models import User


def user_signup(*, email: str, password: str, timezone: str, daily_goal_minutes: int) -> User:
    return User.objects.create_user(
        email=email, password=password, timezone=timezone, daily_goal_minutes=daily_goal_minutes
    )


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Remove the learner and everything they did; every table that holds their rows cascades."""
    user.delete()

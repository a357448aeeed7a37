from datetime import datetime

from django.db import IntegrityError, transaction

from techfluency.accounts.models import User
from techfluency.progress.models import Activity


def activity_record(
    *, user: User, kind: str, ref: str, at: datetime, xp: int, minutes: float
) -> Activity:
    """Count one finished piece of practice for XP and the streak, exactly once.

    The learner's local date is fixed now, from the zone and day-start hour they have now.
    A second call for the same (kind, ref) returns the first record and changes nothing.
    """
    try:
        with transaction.atomic():
            return Activity.objects.create(
                user=user,
                kind=kind,
                ref=ref,
                occurred_at=at,
                local_date=user.local_date(at),
                timezone=user.timezone,
                day_start_hour=user.day_start_hour,
                xp=xp,
                minutes=minutes,
            )
    except IntegrityError:
        return Activity.objects.get(kind=kind, ref=ref)

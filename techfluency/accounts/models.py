import zoneinfo
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone as django_timezone

from techfluency.progress import days


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: object) -> "User":
        user = self.model(email=normalise_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> "User":
        return self.create_user(email, password, is_staff=True, is_superuser=True, **fields)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email=normalise_email(username or ""))


def normalise_email(email: str) -> str:
    # The whole address is lower-cased: two accounts that differ only in case are almost
    # always one person who forgot how they typed it (curriculum quirk Q6 shows the mess).
    return email.strip().lower()


class DailyGoal(models.IntegerChoices):
    TWO = 2, "2 minutes a day"
    FIVE = 5, "5 minutes a day"
    TEN = 10, "10 minutes a day"


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True, max_length=254)
    timezone = models.CharField(max_length=64, default="UTC")
    day_start_hour = models.PositiveSmallIntegerField(default=4, validators=[MaxValueValidator(23)])
    daily_goal_minutes = models.PositiveSmallIntegerField(
        choices=DailyGoal.choices, default=DailyGoal.FIVE
    )
    hide_streak = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=django_timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]  # Django declares it a ClassVar

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(day_start_hour__lte=23), name="user_day_start_hour_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(daily_goal_minutes__in=[2, 5, 10]), name="user_daily_goal_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def local_date(self, at: datetime) -> date:
        """The learner's calendar day for an instant, by their zone and day-start hour."""
        return days.local_date(at, self.zone, self.day_start_hour)

    def today(self) -> date:
        return self.local_date(django_timezone.now())

from django.conf import settings
from django.db import models


class Activity(models.Model):
    """A finished piece of practice that counts towards XP and the streak.

    `(kind, ref)` names the thing finished (a lesson session, a review, later an SQL solve or
    an interview attempt). The unique constraint makes completion count once, whatever the
    number of double submits, tabs or retried POSTs.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(max_length=32)

    ref = models.CharField(max_length=64)
    occurred_at = models.DateTimeField()
    # The learner's day, fixed at write time with the zone and day-start hour they had then;
    # never recomputed, so a later zone change cannot move past days.
    local_date = models.DateField()
    timezone = models.CharField(max_length=64)
    day_start_hour = models.PositiveSmallIntegerField()
    xp = models.PositiveIntegerField()
    minutes = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "ref"], name="activity_counts_once"),
        ]
        indexes = [models.Index(fields=["user", "local_date"], name="activity_user_day")]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.kind} {self.ref} on {self.local_date}"

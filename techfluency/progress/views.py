from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from techfluency.core.http import authenticated_user
from techfluency.progress import summary


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = authenticated_user(request)
    now = timezone.now()
    today = user.local_date(now)
    streak = summary.streak_for(user, today)
    xp_days = summary.xp_by_day(user, today)
    context = {
        "today": today,
        "streak": streak,
        "heatmap": summary.heatmap(user, today, streak),
        "xp_days": xp_days,
        "xp_max": max((xp for _, xp in xp_days), default=0) or 1,
        "mastery": summary.mastery_by_area(user, now),
        "due_days": summary.reviews_due_by_day(user, today),
    }
    return render(request, "progress/overview.html", context)

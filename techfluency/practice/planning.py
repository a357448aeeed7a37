"""Plans a learner's day within their daily goal. Pure logic, no ORM.

Order: due reviews first (most overdue first), then the next new lesson whose prerequisites
are done, then a practice item (an SQL exercise on lessons already studied). Items are added
while they fit in the minutes left of the goal; if nothing fits but something is waiting,
the first item is offered anyway so the day is never empty.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PlanItem:
    kind: str  # "review", "lesson", "sql-review" or "sql"
    subject: str  # concept id or exercise id
    title: str
    area: str
    minutes: float
    slug: str = ""


@dataclass(frozen=True)
class DayPlan:
    goal_minutes: int
    minutes_done: float
    items: tuple[PlanItem, ...]
    # Due reviews that did not fit today's goal; they stay due and lead tomorrow's plan.
    reviews_left_over: int
    # Offered after the goal is met, for learners who want more.
    extra: tuple[PlanItem, ...] = field(default=())

    @property
    def minutes_planned(self) -> float:
        return sum(item.minutes for item in self.items)

    @property
    def goal_met(self) -> bool:
        return self.minutes_done >= self.goal_minutes

    @property
    def next_item(self) -> PlanItem | None:
        return self.items[0] if self.items else (self.extra[0] if self.extra else None)


def plan_day(
    *,
    goal_minutes: int,
    minutes_done: float,
    due_reviews: list[PlanItem],
    new_lessons: list[PlanItem],
    practice: list[PlanItem] | None = None,
) -> DayPlan:
    budget = max(0.0, goal_minutes - minutes_done)
    items: list[PlanItem] = []
    used = 0.0
    reviews_taken = 0
    for review in due_reviews:
        if used + review.minutes > budget and (items or budget == 0):
            break
        items.append(review)
        used += review.minutes
        reviews_taken += 1
    for candidates in (new_lessons[:1], (practice or [])[:1]):
        for item in candidates:
            if budget > 0 and (used + item.minutes <= budget or not items):
                items.append(item)
                used += item.minutes
    leftover = len(due_reviews) - reviews_taken
    extra: tuple[PlanItem, ...] = ()
    if not items:
        # Goal met: offer what is left without counting it as planned.
        extra = tuple(due_reviews[:1]) or tuple(new_lessons[:1]) or tuple((practice or [])[:1])
    return DayPlan(
        goal_minutes=goal_minutes,
        minutes_done=minutes_done,
        items=tuple(items),
        reviews_left_over=leftover,
        extra=extra,
    )

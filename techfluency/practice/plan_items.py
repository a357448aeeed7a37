"""How each kind of plan item shows on Today: its tag, and the button that starts it.

Built in Python rather than with template includes: the Today page renders many items on
every visit, and an include per item was a third of its rendering time (bench/web.py).
"""

from dataclasses import dataclass

from django.urls import reverse

from techfluency.practice.planning import PlanItem


@dataclass(frozen=True)
class ItemView:
    item: PlanItem
    tag: str
    button: str
    url: str
    method: str  # "post" when starting it writes (a review session), else "get"
    # Read by screen readers after the button text, so each button names what it starts.
    hidden: str = ""

    @property
    def minutes_label(self) -> str:
        return "30 s" if self.item.minutes < 1 else f"{self.item.minutes:g} min"


def item_view(item: PlanItem, open_session_ids: dict[str, int]) -> ItemView:
    title, slug = item.title, item.slug
    if item.kind == "review":
        url = reverse("practice-review-start", args=[slug])
        return ItemView(item, "Review", "Start review", url, "post", f": {title}")
    if item.kind == "sql-review":
        url = reverse("sqllab-review-start", args=[slug])
        return ItemView(item, "SQL review", "Solve again", url, "post", f": {title}")
    if item.kind == "sql":
        url = reverse("sqllab-exercise", args=[slug])
        return ItemView(item, "SQL practice", "Try it", url, "get", f": SQL exercise {title}")
    if item.kind == "interview-review":
        url = reverse("interviews-practice", args=[slug])
        return ItemView(item, "Interview question", "Answer", url, "get", f": {title}")
    if item.kind == "explain-review":
        url = reverse("interviews-explain", args=[slug])
        return ItemView(item, "Explain it", "Explain", url, "get", f": {title}")
    label = "Continue" if item.subject in open_session_ids else "Start"
    url = reverse("practice-lesson", args=[slug])
    return ItemView(item, "New lesson", label, url, "get", f" lesson: {title}")

"""How each kind of plan item shows on Today: its tag, and the button that starts it.

Rendered in Python rather than by a template loop: a learner with a big review backlog has
forty rows on Today, and the template loop over them was most of the page's time at the
slow end of bench/web.py. format_html escapes every value, as the template did.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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
        url = _url("practice-review-start", slug)
        return ItemView(item, "Review", "Start review", url, "post", f": {title}")
    if item.kind == "sql-review":
        url = _url("sqllab-review-start", slug)
        return ItemView(item, "SQL review", "Solve again", url, "post", f": {title}")
    if item.kind == "sql":
        url = _url("sqllab-exercise", slug)
        return ItemView(item, "SQL practice", "Try it", url, "get", f": SQL exercise {title}")
    if item.kind == "interview-review":
        url = _url("interviews-practice", slug)
        return ItemView(item, "Interview question", "Answer", url, "get", f": {title}")
    if item.kind == "explain-review":
        url = _url("interviews-explain", slug)
        return ItemView(item, "Explain it", "Explain", url, "get", f": {title}")
    label = "Continue" if item.subject in open_session_ids else "Start"
    url = _url("practice-lesson", slug)
    return ItemView(item, "New lesson", label, url, "get", f" lesson: {title}")


def _url(name: str, slug: str) -> str:
    return _cached_url(name, slug, get_script_prefix())


# Reversing is the slowest part of a plan row and its answer only changes with the URL
# configuration, so each (page, slug, prefix) is reversed once per process.
@lru_cache(maxsize=4096)
def _cached_url(name: str, slug: str, prefix: str) -> str:
    return reverse(name, args=[slug])


def plan_list_html(
    items: Sequence[PlanItem], open_session_ids: dict[str, int], csrf_token: str
) -> SafeString:
    """The ordered list of plan rows; a row that writes posts a form with the CSRF token."""
    rows = (_row_html(item_view(item, open_session_ids), csrf_token) for item in items)
    return format_html('<ol class="plan">{}</ol>', format_html_join("", "{}", ((r,) for r in rows)))


def _row_html(row: ItemView, csrf_token: str) -> SafeString:
    label = format_html('{}<span class="visually-hidden">{}</span>', row.button, row.hidden)
    if row.method == "post":
        action = format_html(
            '<form method="post" action="{}">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
            '<button type="submit" class="button small">{}</button></form>',
            row.url,
            csrf_token,
            label,
        )
    else:
        action = format_html('<a class="button small" href="{}">{}</a>', row.url, label)
    return format_html(
        '<li class="plan-item {}"><div><span class="tag">{}</span> <strong>{}</strong>'
        ' <span class="muted">· {}</span></div>{}</li>',
        row.item.kind,
        row.tag,
        row.item.title,
        row.minutes_label,
        action,
    )

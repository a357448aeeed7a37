"""The learner's answer as HTML with the coach's evidence marked. Pure; everything is escaped."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str  # "evidence" or "jargon"
    label: str


def highlight(text: str, marks: list[Mark]) -> SafeString:
    """Wrap each marked range in <mark>; overlapping ranges keep the first one that starts."""
    pieces: list[str] = []
    position = 0
    for mark in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if mark.start < position or mark.end > len(text) or mark.start >= mark.end:
            continue
        pieces.append(escape(text[position : mark.start]))
        pieces.append(
            f'<mark class="{escape(mark.css)}" title="{escape(mark.label)}">'
            f"{escape(text[mark.start : mark.end])}</mark>"
        )
        position = mark.end
    pieces.append(escape(text[position:]))
    html = "".join(pieces).replace("\n\n", "</p><p>").replace("\n", "<br>")
    return mark_safe(f"<p>{html}</p>")  # noqa: S308 - every piece above is escaped


def marks_from_report(report: dict[str, object]) -> list[Mark]:
    marks = []
    for point in report.get("points", []):  # type: ignore[attr-defined]
        span = point.get("evidence_span")
        if span:
            marks.append(Mark(span[0], span[1], "evidence", f"Covers: {point['text']}"))
    stakeholder = report.get("stakeholder") or {}
    for use in stakeholder.get("jargon", []):  # type: ignore[attr-defined]
        if not use["explained"]:
            marks.append(
                Mark(use["span"][0], use["span"][1], "jargon", f"Unexplained jargon: {use['term']}")
            )
    return marks

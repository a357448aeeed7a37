"""Markdown to safe HTML: render with Python-Markdown, then sanitise with nh3.

Python-Markdown passes raw HTML through (10 of 11 XSS payloads got past it alone, per
docs/sandbox-security.md), so nh3 keeps only the tags, attributes and URL schemes below.
"""

import markdown as _markdown
import nh3

_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "abbr",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
_SCHEMES = {"http", "https", "mailto"}


def render(text: str) -> str:
    html = _markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists"])
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )

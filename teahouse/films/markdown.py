"""Reviews are Markdown: rendered with markdown-it-py, then cleaned by nh3's allow-list.

Raw HTML in the Markdown is let through the parser and then sanitised, so harmless tags such as
<em> keep working while scripts, event handlers, javascript: links, iframes and style attributes
are removed. Typographic characters pass through untouched (no "smart" replacements). Headings
are stored from <h2> down and moved under each page's review title (teahouse.films.headings).

A review is rendered when it is written and its HTML is stored beside the Markdown
(Review.body_html), so pages never render it: both libraries (about 3 MiB in memory) are
imported only by a worker that saves or imports a review, never by one that shows them.
"""

from functools import cache

from markupsafe import Markup
from sqlalchemy import event

from teahouse.films.headings import outline
from teahouse.models import Review

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "em",
    "strong",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


@cache
def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("strikethrough")


def html_as_written(text: str) -> str:
    """Markdown → cleaned HTML, its headings at the levels the Markdown gave them."""
    import nh3

    return nh3.clean(
        _parser().render(text or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
    )


def render_markdown(text: str) -> Markup:
    """Markdown → safe HTML for a template."""
    # Headings start at <h2> and skip no level; each page fits them under its review title.
    return Markup(outline(html_as_written(text)))  # noqa: S704 — cleaned by the allow-list


def review_html(body: str | None) -> str:
    """What Review.body_html holds for a body."""
    return str(render_markdown(body)) if body else ""


@event.listens_for(Review.body, "set")
def _render_body(review: Review, body: str | None, _old, _initiator) -> None:
    """Every ORM write of a body (the forms, the sample, the Letterboxd import's updates)
    renders its HTML; the imports that insert rows with Core call review_html() themselves."""
    review.body_html = review_html(body)

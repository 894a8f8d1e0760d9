"""Reviews are Markdown: rendered with markdown-it-py, then cleaned by nh3's allow-list.

Raw HTML in the Markdown is let through the parser and then sanitised, so harmless tags such as
<em> keep working while scripts, event handlers, javascript: links, iframes and style attributes
are removed. Typographic characters pass through untouched (no "smart" replacements).

Both libraries (about 2.5 MiB) are imported by the first review rendered, not with the app: a
web worker that serves no review page does not carry them.
"""

from functools import cache

from markupsafe import Markup

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


def render_markdown(text: str) -> Markup:
    """Markdown → safe HTML for a template."""
    import nh3

    html = _parser().render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow",
    )
    return Markup(clean)  # noqa: S704 — cleaned by the allow-list above

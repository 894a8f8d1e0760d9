"""Review text between Letterboxd and Teahouse.

Letterboxd keeps a review as the text the member typed: line breaks are real newlines (a blank
line starts a paragraph) and a few HTML tags format it (<b>, <i>, <a href>, <blockquote>).
Teahouse keeps reviews as Markdown and cleans them with its sanitizer when it shows them. So an
imported review is first cut down to those harmless tags (nh3), then turned into Markdown
(markdownify); an exported one is Markdown rendered back into Letterboxd's small dialect.
"""

import re
from functools import cache
from html import escape

import nh3
from markdown_it import MarkdownIt
from markdownify import markdownify

# What Letterboxd's review editor offers, plus the tags its own pages produce.
_IMPORT_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "blockquote", "ul", "ol", "li"}
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_SPARE_BLANK_LINES = re.compile(r"\n{3,}")


def review_to_markdown(text: str) -> str:
    """A Letterboxd review (text with newlines and a few tags) as Teahouse Markdown."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return ""
    paragraphs = _BLANK_LINE.split(text)
    html = "".join(f"<p>{block.replace(chr(10), '<br>')}</p>" for block in paragraphs)
    html = nh3.clean(
        html,
        tags=_IMPORT_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        link_rel=None,
    )
    markdown = markdownify(
        html,
        heading_style="ATX",
        bullets="-",
        newline_style="BACKSLASH",
        escape_misc=True,  # a review that starts "1984. …" or "- …" stays a sentence
    )
    return _SPARE_BLANK_LINES.sub("\n\n", markdown).strip()


# ---------------------------------------------------------------- export


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("strikethrough")


_TAG_LIKE = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_LIKE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_INLINE_TAGS = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
}
_HTML_INLINE = re.compile(r"^<(/?)([A-Za-z]+)\s*/?>$")


def _text(value: str) -> str:
    """Text as Letterboxd reads it: only what would be taken for a tag or an entity is escaped."""
    return _ENTITY_LIKE.sub("&amp;", _TAG_LIKE.sub("&lt;", value))


def _inline(children) -> str:
    parts: list[str] = []
    open_links: list[bool] = []
    for token in children or ():
        kind = token.type
        if kind == "text" or kind == "code_inline":
            parts.append(_text(token.content))
        elif kind == "softbreak":
            parts.append(" ")  # one paragraph in Teahouse: no line break on Letterboxd either
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind in ("em_open", "strong_open"):
            parts.append("<i>" if kind == "em_open" else "<b>")
        elif kind in ("em_close", "strong_close"):
            parts.append("</i>" if kind == "em_close" else "</b>")
        elif kind == "link_open":
            href = str(token.attrGet("href") or "")
            safe = href.startswith(_SAFE_SCHEMES)
            open_links.append(safe)
            if safe:
                parts.append(f'<a href="{escape(href, quote=True)}">')
        elif kind == "link_close":
            if open_links.pop():
                parts.append("</a>")
        elif kind == "image":
            parts.append(_text(token.content))
        elif kind == "html_inline":
            match = _HTML_INLINE.match(token.content)
            if match and match.group(2).lower() in _INLINE_TAGS:
                parts.append(f"<{match.group(1)}{_INLINE_TAGS[match.group(2).lower()]}>")
    return "".join(parts)


def _blocks(tokens, index: int, until: str | None = None) -> tuple[list[str], int]:
    """Render block tokens from `index` up to the closing token `until`; (blocks, next index)."""
    blocks: list[str] = []
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == until:
            return blocks, index + 1
        if kind == "paragraph_open":
            blocks.append(_inline(tokens[index + 1].children))
            index += 3
        elif kind == "heading_open":
            blocks.append(f"<b>{_inline(tokens[index + 1].children)}</b>")
            index += 3
        elif kind == "blockquote_open":
            inner, index = _blocks(tokens, index + 1, "blockquote_close")
            blocks.append("<blockquote>" + "\n\n".join(inner) + "</blockquote>")
        elif kind in ("bullet_list_open", "ordered_list_open"):
            closing = kind.replace("_open", "_close")
            number = int(token.attrGet("start") or 1)
            items: list[str] = []
            index += 1
            while tokens[index].type != closing:
                inner, index = _blocks(tokens, index + 1, "list_item_close")
                marker = "-" if kind == "bullet_list_open" else f"{number}."
                items.append(f"{marker} " + "\n".join(inner))
                number += 1
            blocks.append("\n".join(items))
            index += 1
        elif kind in ("fence", "code_block"):
            blocks.append(_text(token.content.rstrip("\n")))
            index += 1
        elif kind == "html_block":
            cleaned = nh3.clean(token.content, tags={"b", "i", "blockquote"}, attributes={})
            blocks.append(cleaned.strip())
            index += 1
        else:
            index += 1
    return blocks, index


def markdown_to_review(markdown: str) -> str:
    """Teahouse Markdown as Letterboxd review text: paragraphs, line breaks, <b> <i> <a>
    <blockquote>; headings become bold lines and lists plain lines."""
    blocks, _ = _blocks(_parser().parse(markdown or ""), 0)
    return "\n\n".join(block for block in blocks if block.strip())

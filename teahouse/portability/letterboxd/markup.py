"""Review text between Letterboxd and Teahouse.

Letterboxd keeps a review as the text the member typed: line breaks are real newlines (a blank
line starts a paragraph) and a few HTML tags format it (<b>, <i>, <a href>, <blockquote>).
Teahouse keeps reviews as Markdown and cleans them with its sanitizer when it shows them. So an
imported review is first cut down to those harmless tags (nh3), then turned into Markdown with
everything else taken literally; an exported one is Markdown rendered back into Letterboxd's
small dialect.
"""

import re
from functools import cache
from html import escape, unescape

import nh3
from markdown_it import MarkdownIt

# What Letterboxd's review editor offers, plus the tags its own pages produce.
_IMPORT_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "blockquote", "ul", "ol", "li"}
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_TAG = re.compile(r"(<[^>]*>)")
_TAG_PARTS = re.compile(r'<(/?)([a-z]+)(?:\s+href="([^"]*)")?[^>]*>')
# Markdown's inline syntax, taken literally wherever it stands in the text.
_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]<~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What starts a heading, quote, list or setext underline when it opens a line.
_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+=](?=\s|$|[-+=])|\d{1,9}[.)])")
_HARD_BREAK = "\\\n"
_WHITESPACE = re.compile(r"\s+")


def review_to_markdown(text: str) -> str:
    """A Letterboxd review (text with newlines and a few tags) as Teahouse Markdown.

    The text is cut down to Letterboxd's harmless tags by nh3, whose output is well formed,
    so a small converter over its tags suffices (markdownify, tried first, took 3 ms a review:
    3 s of a 5,000-film import).
    """
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
    return _Converter().convert(html)


def _literal(text: str) -> str:
    text = _WHITESPACE.sub(" ", unescape(text))
    return _ENTITY.sub(r"\\&", _INLINE_SYNTAX.sub(r"\\\1", text))


class _Converter:
    """nh3's clean HTML → Markdown: paragraphs, hard line breaks, emphasis, links, quotes,
    lists. Each block is (quote depth, list marker, inline Markdown)."""

    def __init__(self):
        self.blocks: list[tuple[int, str, str]] = []
        self.parts: list[str] = []
        self.spans: list[tuple[str, int, str]] = []  # (kind, start in parts, link target)
        self.depth = 0
        self.lists: list[list] = []  # [list tag, next number]
        self.marker = ""

    def convert(self, html: str) -> str:
        for token in _TAG.split(html):
            if token.startswith("<"):
                self._tag(token)
            elif token:
                self.parts.append(_literal(token))
        self._end_block()
        return self._join()

    def _tag(self, token: str) -> None:
        match = _TAG_PARTS.match(token)
        if match is None:
            return
        closing, name, href = match.group(1) == "/", match.group(2), match.group(3)
        if name == "br":
            self.parts.append(_HARD_BREAK)
        elif name in ("b", "strong", "i", "em", "a"):
            if not closing:
                target = unescape(href or "") if name == "a" else ""
                self.spans.append((name, len(self.parts), target))
            else:
                self._close_span(name)
        elif name in ("p", "li"):
            self._end_block()
            if name == "li" and not closing and self.lists:
                current = self.lists[-1]
                self.marker = "- " if current[0] == "ul" else f"{current[1]}. "
                current[1] += 1
        elif name == "blockquote":
            self._end_block()
            self.depth += -1 if closing else 1
        elif name in ("ul", "ol"):
            self._end_block()
            if closing and self.lists:
                self.lists.pop()
            elif not closing:
                self.lists.append([name, 1])

    def _close_span(self, name: str) -> None:
        """Close the innermost span of this kind; whitespace moves outside its markers, where
        Markdown needs it to see them as emphasis."""
        for index in range(len(self.spans) - 1, -1, -1):
            if self.spans[index][0] == name:
                break
        else:
            return
        kind, start, target = self.spans.pop(index)
        inner = "".join(self.parts[start:])
        core = inner.strip()
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        if kind == "a":
            wrapped = f"[{core}]({target})" if core and target else core
        else:
            mark = "**" if kind in ("b", "strong") else "*"
            wrapped = f"{mark}{core}{mark}" if core else ""
        self.parts[start:] = [lead + wrapped + trail]

    def _end_block(self) -> None:
        while self.spans:
            self._close_span(self.spans[-1][0])
        text = "".join(self.parts).strip()
        self.parts.clear()
        while text.endswith(_HARD_BREAK) or text.startswith(_HARD_BREAK):
            text = text.strip("\\\n").strip()
        if text:
            self.blocks.append((self.depth, self.marker, text))
            self.marker = ""

    def _join(self) -> str:
        out: list[str] = []
        previous = None
        for depth, marker, text in self.blocks:
            quote = "> " * depth
            lines = [line.strip() for line in text.split(_HARD_BREAK)]
            lines = [_LINE_START.sub(_escape_line_start, line) for line in lines]
            indent = " " * len(marker)
            body = [quote + marker + lines[0]] + [quote + indent + line for line in lines[1:]]
            if previous is not None:
                if marker and previous[1] and previous[0] == depth:
                    out.append("\n")  # the next item of the same list
                elif depth and previous[0] == depth:
                    out.append("\n" + ("> " * depth).rstrip() + "\n")  # same quote
                else:
                    out.append("\n\n")
            out.append(_HARD_BREAK.join(body))
            previous = (depth, marker)
        return "".join(out)


def _escape_line_start(match: re.Match) -> str:
    found = match.group(0)
    if found[0].isdigit():
        return found[:-1] + "\\" + found[-1]  # "1984\." stays a sentence, not a list
    return "\\" + found


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

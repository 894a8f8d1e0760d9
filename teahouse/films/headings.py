"""The headings of a review's HTML, fitted under the heading of the page that shows it.

A review's "# Big" would otherwise be an <h1> inside a page whose review title is an <h3>, and a
screen reader's outline would jump up out of the review. Its HTML is stored with its highest
heading at STORED_TOP (<h2>), with no skipped level and nothing past <h6>; each page then moves
the headings under its own review title (an <h1> on the review's page, <h2> on a guest's page,
<h3> on the film page).

Both steps work on the output of nh3 only (teahouse.films.markdown), never on other HTML: nh3
writes every '<' and '>' of a text or an attribute value as '&lt;' '&gt;' and keeps no comment,
so there '<h2' up to the next '>' (it may carry nh3's generic title and lang) and '</h2>' can
only be the tags themselves. That is why a page can move them with a string scan and no HTML
parser: it stays as cheap as showing the stored HTML (and loads neither markdown-it nor nh3).
"""

import re

from markupsafe import Markup

STORED_TOP = 2
DEEPEST = 6
_HEADING_TAG = re.compile(r"<(/?)h([1-6])(\s[^>]*)?>")


def _relevel(html: str, level_of) -> str:
    """Each heading's tags renamed to level_of(its level), start and end tag alike."""
    out, pos, opened = [], 0, []
    for tag in _HEADING_TAG.finditer(html):
        out.append(html[pos : tag.start()])
        closing, level = tag.group(1), int(tag.group(2))
        if closing:
            new = opened.pop() if opened else level
        else:
            new = level_of(level)
            opened.append(new)
        out.append(f"<{closing}h{new}{tag.group(3) or ''}>")
        pos = tag.end()
    out.append(html[pos:])
    return "".join(out)


def outline(html: str) -> str:
    """Stored form: the highest heading at STORED_TOP, each one at most one level below the
    heading before it (a "#" then "###" becomes h2 then h3), none deeper than <h6>."""
    levels = [int(level) for closing, level, _ in _HEADING_TAG.findall(html) if not closing]
    if not levels:
        return html
    shift = STORED_TOP - min(levels)
    previous = STORED_TOP - 1

    def level_of(level: int) -> int:
        nonlocal previous
        previous = min(level + shift, previous + 1, DEEPEST)
        return previous

    return _relevel(html, level_of)


def headings_below(html: str, title_level: int) -> Markup:
    """A stored review's HTML with its highest heading one level below the page's review title
    (an <hN> pushed past <h6> stays an <h6>)."""
    shift = title_level + 1 - STORED_TOP
    return Markup(_relevel(str(html), lambda level: min(level + shift, DEEPEST)))  # noqa: S704

"""Review text from Letterboxd to Markdown and back: what the reader sees stays the same."""

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teahouse.films.markdown import render_markdown
from teahouse.portability.letterboxd.markup import markdown_to_review, review_to_markdown


def _visible_text(markup) -> str:
    text = re.sub(r"<[^>]+>", " ", str(markup))
    return " ".join(html.unescape(text).split())


@pytest.mark.parametrize(
    ("review", "markdown"),
    [
        ("I <i>loved</i> it", "I *loved* it"),
        ("<b> spaced </b>word", "**spaced** word"),
        ("1984. A year\n- not a list", "1984\\. A year\\\n\\- not a list"),
        ("# no heading", "\\# no heading"),
        ("5*3 = 15, snake_case, [x](y)", "5\\*3 = 15, snake\\_case, \\[x\\](y)"),
        ("p1\n\n<blockquote>q1\n\nq2</blockquote>", "p1\n\n> q1\n>\n> q2"),
        ('<a href="https://boxd.it/x">here</a>', "[here](https://boxd.it/x)"),
        ('<a href="javascript:alert(1)">here</a>', "here"),
        ("<script>alert(1)</script><img src=x onerror=alert(1)>ok", "ok"),
        ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
    ],
)
def test_letterboxd_markup_becomes_markdown(review, markdown):
    assert review_to_markdown(review) == markdown


@pytest.mark.parametrize(
    "review",
    [
        "A film about <i>loneliness</i>.\nLine two.\n\n<blockquote>Quoted.</blockquote>",
        'See <a href="https://letterboxd.com/film/her/">Her</a> & <b>5*3</b>.',
        "静かで、深い。\n\nOzu at his <b>best</b>.",
        "# one\n> two\n+ three\n2) four\n\\ back `tick` ~tilde~",
    ],
)
def test_letterboxd_review_round_trips_through_markdown(review):
    assert markdown_to_review(review_to_markdown(review)) == review


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list("ab 19.)-+*#>_`[]()!~\\|=:\n\t\"'")),
            st.characters(blacklist_categories=("Cs", "Cc")),
        ),
        max_size=80,
    )
)
def test_plain_text_reads_the_same_once_rendered(text):
    """Whatever the member typed without tags shows as typed: no Markdown sneaks in."""
    text = text.replace("<", "‹").replace("&", "+")
    shown = _visible_text(render_markdown(review_to_markdown(text)))
    assert shown == " ".join(text.split())

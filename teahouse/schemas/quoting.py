"""How an import's problems show the file's own text: never more than a readable line."""

# A value of the file quoted in a problem is cut to this many characters: a cell of 100,000
# characters would otherwise make a page of one message.
QUOTED_LENGTH = 60


def shortened(value) -> str:
    """A value of a file as a problem shows it (a column's name): a long one is cut, with an
    ellipsis. Every importer's messages show the file's text through this or quoted()."""
    text = str(value)
    if len(text) > QUOTED_LENGTH:
        text = text[: QUOTED_LENGTH - 1].rstrip() + "…"
    return text


def quoted(value) -> str:
    """A value of a file in quotation marks, as a problem quotes it: “abc”, shortened."""
    return f"“{shortened(value)}”"

"""Words that agree with their numbers; a leaf module any package may import."""


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """“1 tea”, “2 teas”, “3 parties”, “1,000 stock movements”: the number and its noun agree.

    English plurals that are not the regular ones (“teaware”, “people”) are passed in.
    """
    if plural_form is None:
        stem, last = singular[:-1], singular[-1:]
        if last == "y" and stem[-1:] not in tuple("aeiou"):
            plural_form = stem + "ies"
        elif singular.endswith(("s", "x", "ch", "sh")):
            plural_form = singular + "es"
        else:
            plural_form = singular + "s"
    return f"{count:,} {singular if count == 1 else plural_form}"

"""The hint in each list's search box (its placeholder) shows in full on a wide screen and on
a phone: the collection's "Name, origin, vendor, notes or tag" showed "Name, origin, vendor" at
1280 px, and lost its last letter at 375."""

import pytest

from tests.helpers.browser import sign_in
from tests.helpers.client import add_host

# The hint typed into the box as text: does the box scroll? Chromium keeps room for the box's
# own cross even while it is empty, so the placeholder has the same room as the text.
MEASURE = """box => {
    const typed = box.value;
    box.value = box.placeholder;
    const overflow = box.scrollWidth - box.clientWidth;
    box.value = typed;
    return [box.placeholder, overflow];
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_every_search_hint_shows_in_full(browser, live_server, app, width):
    add_host(app, sample=True)
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        sign_in(page)
        for path, label in (
            ("/teas/", "Search"),
            ("/films/", "Search"),
            ("/guests/", "Search guests"),
        ):
            page.goto(path)
            box = page.get_by_role("search").get_by_label(label, exact=True)
            hint, overflow = box.evaluate(MEASURE)
            assert hint and overflow <= 0, (path, width, hint, overflow)
    finally:
        context.close()

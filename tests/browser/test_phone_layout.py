"""Every page fits a 375 px phone: no sideways scroll, and the menu collapses without script."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import Invitation, Party
from tests.helpers.browser import sign_in
from tests.helpers.client import add_host

PHONE = {"width": 375, "height": 812}
# Pages that change state or leave the app are not visited by the sweep.
SKIP = re.compile(r"^/(logout|static/)|/(export|backup)|\.(csv|json|ics|zip)$")


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport=PHONE)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def _document_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def _route_pattern(path):
    """One visit per kind of page: /teas/12/edit and /teas/13/edit are the same layout."""
    return re.sub(r"/[0-9]+", "/N", re.sub(r"/i/[^/]+", "/i/T", path))


def _same_site_links(page, origin):
    hrefs = page.eval_on_selector_all("main a[href], nav a[href]", "els => els.map(e => e.href)")
    paths = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or SKIP.search(parts.path):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def test_every_page_from_the_menu_fits_a_phone(phone, app, live_server):
    add_host(app, sample=True)
    sign_in(phone)
    menu = phone.get_by_role("navigation", name="Main")
    start = _same_site_links(phone, live_server)
    assert len(start) >= 8, start
    with app.app_context():
        party_id = db.session.scalar(select(Party.id))
    # Linked only once the party has begun; its waiting page must fit too.
    start.append(f"/parties/{party_id}/held")
    seen, queue, too_wide = set(), list(start), []
    # Two clicks deep from the menu reaches every page a host can open (detail, edit, stock, ...).
    for _depth in range(3):
        next_queue = []
        for path in queue:
            pattern = _route_pattern(path.split("?")[0])
            if pattern in seen:
                continue
            seen.add(pattern)
            response = phone.goto(path)
            assert response.status < 400, path
            width = _document_width(phone)
            if width > PHONE["width"]:
                too_wide.append((path, width))
            next_queue.extend(_same_site_links(phone, live_server))
        queue = next_queue
    assert too_wide == []
    # The sweep really went deep: detail, edit, stock, timer and brew log of a tea, a party, a film.
    deep_pages = ("/teas/N", "/teas/N/edit", "/teas/N/stock", "/teas/N/timer", "/teas/N/brew")
    deep_pages += ("/parties/N", "/parties/N/held", "/parties/N/cancel", "/guests/N", "/films/N")
    for pattern in deep_pages:
        assert pattern in seen, pattern
    expect(menu).to_be_visible()


def test_every_guest_page_fits_a_phone(phone, app):
    add_host(app, sample=True)
    with app.app_context():
        tokens = db.session.scalars(select(Invitation.token)).all()
    assert tokens
    for token in tokens:
        phone.goto(f"/i/{token}")
        assert _document_width(phone) <= PHONE["width"], token
    for path in ("/login", "/i/not-a-real-token"):
        phone.goto(path)
        assert _document_width(phone) <= PHONE["width"], path


def test_the_menu_collapses_on_a_phone_without_script(browser, live_server, app):
    add_host(app)
    context = browser.new_context(base_url=live_server, viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    sign_in(page)
    guests = page.get_by_role("link", name="Guests")
    expect(guests).to_be_hidden()
    page.get_by_text("Menu", exact=True).click()
    expect(guests).to_be_visible()
    guests.click()
    expect(page.get_by_role("heading", name="Guests", level=1)).to_be_visible()
    assert _document_width(page) <= PHONE["width"]
    context.close()


def test_the_menu_is_open_on_a_wide_screen(page, app):
    add_host(app)
    sign_in(page)
    expect(page.get_by_role("link", name="Guests")).to_be_visible()
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()


@pytest.mark.parametrize(
    "path, row_name, shows",
    [
        ("/teas/", "Da Hong Pao", ["Caffeine: High", "In stock: 75 g"]),
        ("/guests/", "Lukas Brandt", ["Email: —", "Caffeine: Low only"]),
    ],
)
def test_a_list_stacked_on_a_phone_names_each_value(phone, app, path, row_name, shows):
    """Without their column headings, the collection's and the address book's cells say
    what they hold, and the whole row is on the screen, not in a sideways scroll."""
    add_host(app, sample=True)
    sign_in(phone)
    phone.goto(path)
    row = phone.get_by_role("row", name=re.compile(row_name))
    for text in shows:
        label, value = text.split(": ")
        cell = row.get_by_role("cell").filter(has_text=value).first
        named = cell.evaluate("c => getComputedStyle(c, '::before').content")
        assert named == f'"{label}: "', text
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], text


def test_the_party_menu_plan_is_read_on_a_phone_without_scrolling_sideways(phone, app):
    """Each tea of the plan is a block: its grams needed and in stock, its notes and its
    buttons on the screen, each figure named (the table had sent them past the right edge)."""
    add_host(app, sample=True)
    with app.app_context():
        party_id = db.session.scalar(select(Party.id))
    sign_in(phone)
    phone.goto(f"/parties/{party_id}")
    plan = phone.get_by_role("region", name="Teas in serving order")
    assert plan.evaluate("box => box.scrollWidth - box.clientWidth") <= 0
    row = plan.get_by_role("row", name=re.compile("Da Hong Pao"))
    for text in ("Needed: 18 g", "In stock: 75 g"):
        label, value = text.split(": ")
        cell = row.get_by_role("cell").filter(has_text=value).first
        named = cell.evaluate("c => getComputedStyle(c, '::before').content")
        assert named == f'"{label}: "', text
    for thing in (
        row.get_by_text("Enough in stock"),
        row.get_by_role("button", name="Serve Da Hong Pao later"),
        row.get_by_role("button", name="Remove Da Hong Pao from the menu"),
        row.get_by_role("spinbutton", name="Cup size in ml for Da Hong Pao"),
    ):
        box = thing.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], thing


def test_a_teas_stock_movements_are_read_on_a_phone_without_scrolling_sideways(phone, app):
    """Each movement is a block, date, kind and grams on its first line, its price and note
    below, its Undo on the screen (the table had cut off the details and the buttons)."""
    from teahouse.models import Tea

    add_host(app, sample=True)
    with app.app_context():
        tea_id = db.session.scalar(select(Tea.id).where(Tea.name == "Da Hong Pao"))
    sign_in(phone)
    for path in (f"/teas/{tea_id}", f"/teas/{tea_id}/stock"):
        phone.goto(path)
        ledger = phone.get_by_role("region", name="Stock movements")
        assert ledger.evaluate("box => box.scrollWidth - box.clientWidth") <= 0, path
        purchase = ledger.get_by_role("row", name=re.compile("Purchase"))
        first_line = purchase.get_by_role("rowheader").bounding_box()
        for cell in (purchase.get_by_role("cell").first, purchase.get_by_text("+100 g")):
            box = cell.bounding_box()  # on the same line as the kind
            assert abs(box["y"] - first_line["y"]) < 4, (path, box, first_line)
        for thing in (
            purchase.get_by_text("Opening stock"),
            purchase.get_by_role("button", name=re.compile("^Undo purchase")),
        ):
            box = thing.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (path, thing)


def test_the_steeps_of_a_brew_are_logged_on_a_phone_without_scrolling_sideways(phone, app):
    """Every steep's temperature, seconds and note are on the screen, each named above its
    box (the table had put the notes past the right edge)."""
    from teahouse.models import Tea

    add_host(app, sample=True)
    with app.app_context():
        tea_id = db.session.scalar(select(Tea.id).where(Tea.name == "Da Hong Pao"))
    sign_in(phone)
    phone.goto(f"/teas/{tea_id}/brew")
    steeps = phone.get_by_role("region", name="Steeps")
    assert steeps.evaluate("box => box.scrollWidth - box.clientWidth") <= 0
    named_as = {"temperature": "Temperature (°C)", "seconds": "Seconds", "note": "Note"}
    for what, named in named_as.items():
        box = steeps.get_by_label(f"Steep 1 {what}")
        cell = box.locator("xpath=ancestor::td[1]")
        assert cell.evaluate("c => getComputedStyle(c, '::before').content") == f'"{named}"'
        shown = box.bounding_box()
        assert shown["x"] >= 0 and shown["x"] + shown["width"] <= PHONE["width"], what
    steeps.get_by_role("textbox", name="Steep 2 note").fill("sweeter")


def test_an_imports_report_is_on_the_screen_on_a_phone(phone, app):
    """The import's report replaces the page at the top; the host had pressed Import two
    screens down, and the page stayed scrolled there, the report out of sight above."""
    add_host(app)
    sign_in(phone)
    phone.goto("/data/")
    phone.get_by_label("File to import").set_input_files(
        files=[
            {
                "name": "teas.csv",
                "mimeType": "text/csv",
                "buffer": b"name,type,type\nX,green,black\n",
            }
        ]
    )
    phone.get_by_role("button", name="Import", exact=True).click()
    expect(phone.get_by_role("heading", name="Nothing was imported")).to_be_in_viewport()
    expect(phone.get_by_text("the header row names the column type twice")).to_be_in_viewport()


@pytest.mark.parametrize("width", [PHONE["width"], 1024, 1280, 1600])
def test_the_dashboard_charts_are_legible_at_every_width(browser, live_server, app, width):
    """Each chart's words (tea names, months, figures) at 12 px or more on screen, inside
    the card, on a phone as on a laptop (where two charts share a row and a drawing shrunk to
    the card drew them at 8 to 10 px); the figures are in a table too, but the chart is what
    a glance reads. A long name, the most in stock, is drawn whole inside its drawing."""
    from tests.helpers.teas import make_tea

    host = add_host(app, sample=True)
    make_tea(app, host, grams=900, name="Menghai Dayi 7542 Sheng Bing Cha, spring 2019")
    context = browser.new_context(base_url=live_server, viewport={**PHONE, "width": width})
    context.set_default_timeout(10_000)
    try:
        _charts_legible(context.new_page(), width)
    finally:
        context.close()


def _charts_legible(tab, width):
    from tests.helpers.browser import axe_violations

    sign_in(tab)
    tab.goto("/dashboard")
    for title in ("Teas by type", "Grams in stock", "Consumed per month"):
        figure = tab.get_by_role("figure", name=title)
        chart = figure.get_by_role("img", name=re.compile(f"^{title}: "))
        expect(chart).to_be_visible()
        card = figure.bounding_box()
        words = chart.evaluate(
            """svg => [...svg.querySelectorAll("text")].map(word => {
                const box = word.getBoundingClientRect();
                const drawing = svg.getBoundingClientRect();
                return {word: word.textContent, left: box.left, right: box.right,
                        inside: getComputedStyle(svg).overflow === "visible" || (
                            drawing.left - 0.5 <= box.left && box.right <= drawing.right + 0.5),
                        px: parseFloat(getComputedStyle(word).fontSize) * svg.getScreenCTM().a};
            })"""
        )
        assert len(words) >= 12, (title, words)
        for drawn in words:
            assert drawn["px"] >= 12, (title, drawn)
            assert card["x"] <= drawn["left"] and drawn["right"] <= card["x"] + card["width"]
            assert drawn["inside"], (title, drawn)  # the drawing would cut it off
    assert _document_width(tab) == width
    assert axe_violations(tab) == []


def test_the_usual_settings_by_type_fit_a_phone(phone, app):
    """The tea form's table of usual settings scrolled sideways on a phone: each type and
    style is now a block, every figure named."""
    add_host(app)
    sign_in(phone)
    phone.goto("/teas/new")
    phone.get_by_text("Usual settings by type").click()
    table = phone.get_by_role("region", name="Usual brewing settings")
    assert table.evaluate("box => box.scrollWidth - box.clientWidth") <= 0
    row = table.get_by_role("row", name=re.compile(r"^Green\W+Gongfu"))
    for text in ("Water: 80 °C", "Leaf per 100 ml: 3 g", "Steeps: 15, 18, 21, 24, 27 s"):
        label, value = text.split(": ")
        cell = row.get_by_role("cell").filter(has_text=value).first
        named = cell.evaluate("c => getComputedStyle(c, '::before').content")
        assert named == f'"{label}: "', text
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], text


def test_the_problems_of_a_refused_import_are_read_whole_on_a_phone(phone, app):
    """Each problem is a block, its row and field first, then the problem in full (the table
    had cut "must be at most 2027" to "must be a" at the right edge)."""
    add_host(app)
    sign_in(phone)
    phone.goto("/data/")
    table = b"name,type,harvest_year,rating\nGood,green,2020,4\n,oolong,3000,7\n"
    phone.get_by_label("File to import").set_input_files(
        files=[{"name": "teas.csv", "mimeType": "text/csv", "buffer": table}]
    )
    phone.get_by_role("button", name="Import", exact=True).click()
    problems = phone.get_by_role("region", name="Problems found in the file")
    expect(problems).to_be_visible()
    assert problems.evaluate("box => box.scrollWidth - box.clientWidth") <= 0
    for words in ("is required", "must be at most", "must be at most 5"):
        cell = problems.get_by_role("cell").filter(has_text=words).first
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], words
    assert _document_width(phone) <= PHONE["width"]


def test_a_long_email_wraps_inside_a_guest_page_on_a_phone(phone, app):
    """The facts beside their names wrap a long word (an email, a web address) instead of
    widening the page: a 63-character email made the whole guest page scroll sideways."""
    from tests.helpers.parties import make_guest

    email = "alexandra.konstantinopoulou-papadimitriou@university-example.com"
    guest_id = make_guest(app, add_host(app), "Alexandra K.", email=email)
    sign_in(phone)
    phone.goto(f"/guests/{guest_id}")
    shown = phone.get_by_text(email)
    expect(shown).to_be_visible()
    box = shown.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"], box
    assert _document_width(phone) <= PHONE["width"]


def test_the_collection_opens_on_its_teas_on_a_phone_the_filters_a_tap_away(
    browser, live_server, app
):
    """The filter box had filled the whole first screen of a phone, the first tea at its
    bottom edge: the filters now fold under "Filter and sort", which opens with one tap, no
    script needed, and stays open, naming what is in use, while they narrow the list."""
    add_host(app, sample=True)
    context = browser.new_context(base_url=live_server, viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page)
    page.goto("/teas/")
    first_tea = page.get_by_role("row").filter(has=page.get_by_role("link")).first
    expect(first_tea).to_contain_text("Alishan High Mountain")
    box = first_tea.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box
    kind = page.get_by_label("Type")
    expect(kind).to_be_hidden()
    # The search box stays out, and Enter searches with the filters folded away.
    search = page.get_by_role("searchbox", name="Search")
    search.fill("wuyi")
    search.press("Enter")
    expect(page.get_by_role("link", name="Da Hong Pao")).to_be_visible()
    expect(kind).to_be_hidden()

    page.goto("/teas/")
    page.get_by_text("Filter and sort").click()
    kind.select_option(label="Yellow")
    page.get_by_label("Sort by").select_option(label="Rating")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("2 teas match.")).to_be_visible()
    expect(page.get_by_text("In use: Type Yellow · Sorted by Rating")).to_be_visible()
    expect(kind).to_be_visible()
    expect(kind).to_have_value("yellow")
    assert _document_width(page) <= PHONE["width"]
    context.close()


def test_a_teas_plan_on_the_party_menu_keeps_its_line_wide_and_stacks_on_a_phone(page, app):
    """Cups, cup size and Save of a tea on the menu wrapped onto two lines at 1280 px (the
    ml box and Save below the cups): one line there; on a phone "cups × ml" stays together,
    Save under it at the same left edge, all on the screen."""
    add_host(app, sample=True)
    with app.app_context():
        party_id = db.session.scalar(select(Party.id))
    sign_in(page)
    page.goto(f"/parties/{party_id}")
    plan = page.get_by_role("region", name="Teas in serving order")

    def boxes():
        return [
            thing.bounding_box()
            for thing in (
                plan.get_by_role("spinbutton", name="Cups per drinker of Da Hong Pao"),
                plan.get_by_role("spinbutton", name="Cup size in ml for Da Hong Pao"),
                plan.get_by_role("button", name="Save the plan for Da Hong Pao"),
            )
        ]

    cups, ml, save = boxes()
    middles = [box["y"] + box["height"] / 2 for box in (cups, ml, save)]
    assert max(middles) - min(middles) < 4, middles
    assert cups["x"] < ml["x"] < save["x"]

    page.set_viewport_size(PHONE)
    cups, ml, save = boxes()
    assert abs(cups["y"] - ml["y"]) < 4 and cups["x"] < ml["x"], (cups, ml)
    assert save["y"] >= cups["y"] + cups["height"] and abs(save["x"] - cups["x"]) < 2, (cups, save)
    for box in (cups, ml, save):
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


@pytest.mark.parametrize("width", [PHONE["width"], 1280])
def test_the_imports_two_line_question_sits_inside_its_box(browser, live_server, app, width):
    """ "Teas you already have (same name, vendor and harvest year)" takes two lines; as a
    legend on the box's top border, the border ran through its words. It now heads the box
    from inside, the border above it, the choices below it."""
    add_host(app)
    context = browser.new_context(base_url=live_server, viewport={**PHONE, "width": width})
    page = context.new_page()
    sign_in(page)
    page.goto("/data/")
    group = page.get_by_role("group", name=re.compile("^Teas you already have"))
    legend = group.locator("legend")
    box, words = group.bounding_box(), legend.bounding_box()
    assert words["height"] > 30, words  # really two lines at this width
    top_border = group.evaluate("g => parseFloat(getComputedStyle(g).borderTopWidth)")
    assert words["y"] >= box["y"] + top_border, (box, words)
    first_choice = group.get_by_role("radio").first.bounding_box()
    assert words["y"] + words["height"] <= first_choice["y"], (words, first_choice)
    assert words["x"] + words["width"] <= box["x"] + box["width"], (box, words)
    context.close()

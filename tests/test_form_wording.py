"""Every message a form shows is the house's: what is wrong and how to put it right, never one
of WTForms' own ("This field is required.", "Not a valid integer value.", "Number must be
between …"), on every form the host and a guest can open."""

import re
from pathlib import Path

import wtforms
from werkzeug.datastructures import MultiDict

from teahouse.submissions import new_token
from teahouse.wording import wording_for
from tests.discovery import NOT_FUZZED, csrf_name, discover, hostile_world, once_name
from tests.helpers.client import login

# WTForms' English messages, as its validators and fields write them.
WTFORMS_WORDS = re.compile(
    r"This field is required|Not a valid|Number must be|Date must be|Field must be"
    r"|Field cannot be|Invalid (input|email|URL|Choice)|not a valid choice|are not valid choices"
)
# A form's own message that gives a bare range ("Between 20 and 3000 ml.", "1 to 20 cups.",
# "At most 30 names.") and leaves the reader to work out which box it is about and what to
# enter: each message of the house names the field's thing ("A vessel holds 20 to 3000 ml.").
TERSE = re.compile(r"(?:^|⚠ |: )(?:Between \d|[\d.,]+ (?:to|or more)\b|At most \d)")
# Wrong in every kind of field: empty, a word where a number goes, a number far out of range,
# a wall of text, and a choice that was never offered.
WRONG = ["", "abc", "999999999", "x" * 6000, "2026-13-45"]


def _messages(html: str) -> list[str]:
    """The errors under the fields and the list of problems above the form, as text."""
    shown = re.findall(r'<p class="error"[^>]*>(.*?)</p>', html, re.S)
    for summary in re.findall(r'<div class="form-summary".*?</div>', html, re.S):
        shown += re.findall(r"<li>(.*?)</li>", summary, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", text).split()) for text in shown]


def test_every_refusal_speaks_the_house_words(app, client):
    _, ids, past_token, extra_pages = hostile_world(app)
    login(client)
    guest = app.test_client()
    forms = discover(app, client, guest, ids, past_token, extra_pages)
    adapter = app.url_map.bind("localhost")
    seen = []
    for action, (who, form) in forms.items():
        if adapter.match(action, method="POST")[0] in NOT_FUZZED:
            continue
        for name in [n for n in form.fuzzable if not csrf_name(n) and not once_name(n)]:
            for value in WRONG:
                data = MultiDict(dict(form.valid_data(), **{name: [value]}))
                for field, spec in form.fields.items():
                    if csrf_name(field):
                        data[field] = spec.value
                    elif once_name(field):
                        data[field] = new_token()
                response = who.post(action, data=data)
                if response.status_code != 200:
                    continue
                for message in _messages(response.get_data(as_text=True)):
                    seen.append(message)
                    assert not WTFORMS_WORDS.search(message), (action, name, value, message)
                    assert "{" not in message, (action, name, value, message)
                    assert not TERSE.search(message), (action, name, value, message)
    # The forms were refused, and said why: the check above looked at real messages.
    assert len(seen) > 100
    assert any("Fill this in." in m for m in seen)
    assert any("Enter a whole number, such as 12." in m for m in seen)
    assert any("Harvest year: Enter a year, such as 2019." in m for m in seen)
    assert any(re.search(r"Use at most \d+ characters \(this has 6000\)\.", m) for m in seen)


# WTForms messages no field of the app can show: a programming error (a bad field name, no
# choices), CSRF (Flask-WTF answers that itself), fields the app never disables, and kinds
# of input no form of the app asks for.
NEVER_SHOWN = re.compile(r"field name|Choices cannot|CSRF|cannot be edited|disabled|IP |Mac |UUID")


def test_every_message_wtforms_writes_has_the_house_words():
    """Every message in WTForms' own catalogue gets an answer of ours: a WTForms upgrade that
    adds one shows here, not on a page."""
    catalogue = Path(wtforms.__file__).parent / "locale" / "wtforms.pot"
    messages = re.findall(r'^msgid(?:_plural)? "(.+)"$', catalogue.read_text(), re.M)
    wording = wording_for(wtforms.StringField)
    unanswered = [
        message
        for message in messages
        if not NEVER_SHOWN.search(message)
        and wording.gettext(message) == message
        and wording.ngettext(message, message, 2) == message
    ]
    assert len(messages) > 30 and unanswered == []


def test_the_summary_names_each_field_once_before_its_message(app, client, host):
    """The summary over a refused form read "Name: Fill this in: it cannot be left empty.",
    two colons in one line."""
    from tests.helpers.client import post_form

    page = post_form(client, "/teas/new", {"name": "", "type": "green"}).get_data(as_text=True)
    summary = page.split('class="form-summary"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#name">Name: Fill this in.</a>' in summary
    for line in re.findall(r"<a [^>]*>([^<]*)</a>", summary):
        assert line.count(":") == 1, line

"""Forms render the same markup as WTForms' own attribute builder, only faster."""

from markupsafe import Markup
from wtforms import Form, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length
from wtforms.widgets import core

from teahouse import formhtml
from teahouse.forms import options  # importing the app's forms installs the quick builder

CASES = [
    {},
    {"id": "email", "name": "email", "type": "email", "value": "", "required": True},
    {"checked": True, "readonly": False, "name": "text1", "abc": "hello"},
    {"class_": "star-radio", "for_": "x", "data_plus_ones": "3", "aria_describedby": "a b"},
    {"value": "a \"quoted\" <b>bold</b> & 'single'"},
    {"value": Markup('already "safe" <em>markup</em>')},
    {"value": None, "min": 0, "max": 3.5, "step": 1},
    {"name": "ünïcode", "value": "茶 — tea"},
]


def test_the_quick_builder_writes_what_wtforms_writes():
    for kwargs in CASES:
        quick = formhtml.html_params(**kwargs)
        assert quick == formhtml.original_html_params(**kwargs), kwargs
        assert isinstance(quick, Markup)


class _Sample(Form):
    name = StringField("Name <yours>", validators=[InputRequired(), Length(max=20)])
    secret = PasswordField("Secret")
    words = TextAreaField("Words")
    pick = SelectField("Pick", choices=options([("a", 'A "one"'), ("b", "B & co")]))


def test_fields_labels_and_options_render_as_before():
    assert core.Input.html_params is formhtml.html_params
    form = _Sample(data={"name": 'Ann "Bo" <i>', "words": "x < y", "pick": "b"})
    quick = [str(field()) + str(field.label()) for field in form]
    formhtml.uninstall()
    try:
        wtforms_own = [str(field()) + str(field.label()) for field in form]
    finally:
        formhtml.install()
    assert quick == wtforms_own
    assert 'value="Ann &#34;Bo&#34; &lt;i&gt;"' in quick[0]
    assert '<option selected value="b">B &amp; co</option>' in quick[3]

"""Find the app's routes and forms by themselves, so a new route or field is tested unasked.

Routes come from app.url_map; their arguments are filled with ids of a host's rows (an argument
`foo_id` takes the id of model `Foo`, or of an alias below). Forms come from the HTML pages those
routes serve: every <form method="post"> with its inputs, selects, text areas and buttons.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin

from sqlalchemy import select

from teahouse.extensions import db
from teahouse.models import (
    BrewSession,
    Film,
    Invitation,
    PartyTea,
    Screening,
    StockMovement,
    Teaware,
)
from tests.helpers.client import add_host
from tests.helpers.parties import add_menu, invite, make_guest, make_party

# Argument names that do not follow `<model>_id`.
ALIASES = {"movement": StockMovement, "item": PartyTea, "ware": Teaware, "brew": BrewSession}
# Rows that say nothing about what a request changed: throttle counts and sign-in sessions.
# The data generation is checked on its own: it must move exactly when the rest changes.
VOLATILE_TABLES = {"throttle_counters", "user_sessions", "data_generation"}


def _models_by_name():
    return {
        mapper.class_.__name__.lower(): mapper.class_ for mapper in db.Model.registry.mappers
    } | ALIASES


def ids_of(app, owner_id: int) -> dict[str, object]:
    """For every route argument, a value naming one row of this host (first by id)."""
    with app.app_context():
        values = {}
        for name, model in _models_by_name().items():
            if "id" not in model.__table__.c:
                continue  # keyed by another row's id (a party's public page): no route of its own
            if "owner_id" not in model.__table__.c and model not in (PartyTea,):
                continue
            key = model.__mapper__.primary_key[0]  # `id`, or `party_id` of a public page
            query = select(key).order_by(key)
            if "owner_id" in model.__table__.c:
                query = query.where(model.owner_id == owner_id)
            else:  # a menu row belongs to a party of the host
                from teahouse.models import Party

                query = query.join(Party, Party.id == model.party_id).where(
                    Party.owner_id == owner_id
                )
            values[f"{name}_id"] = db.session.scalar(query.limit(1))
        values["token"] = db.session.scalar(
            select(Invitation.token)
            .where(Invitation.owner_id == owner_id)
            .order_by(Invitation.id)
            .limit(1)
        )
        from teahouse.models import Film

        # A poster's file name (a made-up one when the host has none: still a URL to try).
        values["name"] = (
            db.session.scalar(
                select(Film.poster)
                .where(Film.owner_id == owner_id, Film.poster.isnot(None))
                .limit(1)
            )
            or "no-such-poster.webp"
        )
        return values


def routes(app):
    """Every rule except static files, with its methods (HEAD and OPTIONS left out)."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static":
            continue
        yield rule, sorted(rule.methods - {"HEAD", "OPTIONS"})


def build_url(app, rule, values: dict) -> str | None:
    """The rule's URL with these values, or None when a value is missing (no such row)."""
    arguments = {name: values.get(name) for name in rule.arguments}
    missing = [name for name, value in arguments.items() if value is None]
    if missing:
        return None
    with app.test_request_context():
        return app.url_for(rule.endpoint, **arguments)


def unknown_arguments(app, values: dict) -> set[str]:
    """Route arguments no id source knows: a new kind of route the helpers must learn."""
    return {name for rule, _ in routes(app) for name in rule.arguments if name not in values} - {
        "filename"
    }


def db_digest(app) -> str:
    """A fingerprint of every row of every table (but the volatile ones).

    Read through the driver's own cursor: the rows as the database holds them, without the ORM's
    type processing, which made this the larger half of the form crawl's time."""
    digest = hashlib.sha256()
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            for table in db.metadata.sorted_tables:
                if table.name in VOLATILE_TABLES:
                    continue
                cursor.execute(f"SELECT * FROM {table.name} ORDER BY 1")  # noqa: S608 (ours)
                digest.update(f"{table.name}:{cursor.fetchall()!r}".encode())
            cursor.close()
        finally:
            connection.close()
    return digest.hexdigest()


def data_generation(app) -> int:
    """The number every committed write moves on (teahouse.generation), read by the driver."""
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute("SELECT value FROM data_generation")
            [(value,)] = cursor.fetchall()
            cursor.close()
        finally:
            connection.close()
    return value


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "textarea" or "button"
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class FormSpec:
    page: str
    action: str
    enctype: str
    method: str = "post"
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def fuzzable(self) -> dict[str, Field]:
        return {n: f for n, f in self.fields.items() if n != "csrf_token" and f.kind != "button"}

    def valid_data(self) -> dict[str, list[str]]:
        """What a browser would send untouched: values, the first option, checked boxes."""
        data: dict[str, list[str]] = {}
        for name, spec in self.fields.items():
            if spec.kind == "button":
                continue
            if spec.kind in ("checkbox", "radio"):
                if spec.options:
                    data[name] = spec.options[:1]
                continue
            if spec.kind == "select":
                data[name] = [spec.value or (spec.options[0] if spec.options else "")]
                continue
            data[name] = [spec.value]
        return data


class _FormParser(HTMLParser):
    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[FormSpec] = []
        self.form: FormSpec | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = FormSpec(
                self.page,
                # As a browser sends it: relative to the page ("#answer-heading" is the page
                # itself), without the fragment, which only scrolls the page that answers.
                urldefrag(urljoin(self.page, a.get("action") or self.page)).url,
                a.get("enctype") or "urlencoded",
                (a.get("method") or "get").lower(),
            )
            self.forms.append(self.form)
        if self.form is None or "name" not in a:
            if tag == "option" and self.select is not None:
                self.select.options.append(a.get("value", ""))
                if "selected" in a:
                    self.select.value = a.get("value", "")
            return
        name = a["name"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image", "reset"):
                return
            spec = self.form.fields.setdefault(name, Field(name, kind))
            if kind in ("checkbox", "radio"):
                spec.options.append(a.get("value", "on"))
                spec.multiple = kind == "checkbox"
            else:
                spec.value = a.get("value", "")
        elif tag == "select":
            self.select = self.form.fields.setdefault(
                name, Field(name, "select", multiple="multiple" in a)
            )
        elif tag == "textarea":
            self.textarea = self.form.fields.setdefault(name, Field(name, "textarea"))
        elif tag == "button":
            self.form.fields.setdefault(name, Field(name, "button", a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data


def forms_on(page: str, html: str, method: str = "post") -> list[FormSpec]:
    """The forms of one page that are sent with `method` (post: changes; get: searches)."""
    parser = _FormParser(page)
    parser.feed(html)
    return [form for form in parser.forms if form.method == method]


def hostile_world(app):
    """The sample host, plus what the sample lacks: teaware, a brew, a party that is over
    with a film and a menu (its guests get the afterglow form)."""
    host = add_host(app, sample=True)
    ids = ids_of(app, host)
    with app.app_context():
        db.session.add(Teaware(owner_id=host, name="Gaiwan", volume_ml=120))
        db.session.add(
            BrewSession(
                owner_id=host,
                tea_id=ids["tea_id"],
                brewed_on=date(2026, 11, 1),
                style="gongfu",
                vessel_ml=120,
                milligrams_used=5000,
            )
        )
        db.session.commit()
    past = make_party(app, host, days_ahead=-2, title="Film night that was", status="held")
    add_menu(app, past, ids["tea_id"])
    with app.app_context():
        film = db.session.get(Film, ids["film_id"])
        db.session.add(Screening(party_id=past, film_id=film.id))
        db.session.commit()
    _, past_token = invite(app, past, make_guest(app, host, "Rin"), response="yes")
    # A party under way, with a menu: its host may mark it held.
    now = datetime.now(UTC)
    begun = make_party(
        app,
        host,
        title="Tea at noon",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    add_menu(app, begun, ids["tea_id"])
    extra_pages = [f"/parties/{begun}/held", f"/parties/{past}"]
    return host, ids_of(app, host), past_token, extra_pages


# Forms that change data by design with a 200 answer (an import reports what it did).
NOT_FUZZED = {"portability.index"}


def discover(app, client, guest, ids, past_token, extra_pages=(), method="post"):
    """Every form on every page the host and a guest can open, once per action URL."""
    found = {}
    pages = [
        (client, url)
        for rule, methods in routes(app)
        if "GET" in methods
        if (url := build_url(app, rule, ids))
    ]
    pages += [(client, url) for url in extra_pages]
    pages += [(guest, f"/i/{ids['token']}"), (guest, f"/i/{past_token}")]
    for who, url in pages:
        response = who.get(url)
        body = response.get_data()  # a streamed body runs to its end inside its request
        response.close()
        if response.mimetype != "text/html":
            continue  # images and files carry no form
        for form in forms_on(url, body.decode(), method):
            if form.fuzzable:
                found.setdefault(form.action, (who, form))
    return found


def csrf_name(name):
    """A form's CSRF token field (rows of a FieldList carry their own)."""
    return name == "csrf_token" or name.endswith("-csrf_token")


def once_name(name):
    """A creation form's once-only token field."""
    return name == "once_token" or name.endswith("-once_token")

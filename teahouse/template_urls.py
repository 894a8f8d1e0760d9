"""url_for for templates, remembered per worker process.

A page builds its links with url_for: about 15 for the menu alone, hundreds on a long party
page. Flask's url_for runs every url_defaults hook and Werkzeug's rule matching each time
(3-4 µs of CPU a link); the same endpoint and arguments always give the same relative URL, so
the answer is kept in a bounded table and reused (under 1 µs).

What a URL depends on is in the key: the endpoint (a blueprint-relative ".name" is resolved
first), the arguments and the request's root path (an app mounted under a path prefix). Calls
that can differ otherwise go straight to Flask: outside a request (external URLs from the
configured server name), _external/_scheme/_method, arguments other than str, int and None (a
list of query values; True or 1.0, equal to 1 as keys; an object whose text could change).
Static files carry a fingerprint of their content (teahouse.transfer): it is remembered too, as
Jinja remembers the templates, unless templates are reloaded when they change (debug mode), when
each call looks at the file again. A deploy restarts the workers, which then start afresh. The
app's only url_defaults hook is that fingerprint: a hook reading request state would have to
join the key.
"""

from flask import Flask, has_request_context, request
from flask import url_for as flask_url_for

# Enough for every link of the longest pages many times over; when full it is emptied, not
# grown, so a worker's memory stays bounded whatever the collection's size.
MAX_ENTRIES = 4096

_PASSED_THROUGH = frozenset({"_external", "_scheme", "_method"})
# Exact classes: True == 1 == 1.0 as keys, yet they give three different URLs.
_PLAIN = frozenset({str, int, type(None)})


class TemplateUrls:
    def __init__(self, app: Flask) -> None:
        self._app = app
        self._built: dict[tuple, str] = {}

    def __call__(self, endpoint: str, **values) -> str:
        if (
            (endpoint == "static" and self._app.jinja_env.auto_reload)
            or not has_request_context()
            or _PASSED_THROUGH & values.keys()
            or not all(value.__class__ in _PLAIN for value in values.values())
        ):
            return flask_url_for(endpoint, **values)
        if endpoint[:1] == ".":
            blueprint = request.blueprint
            endpoint = f"{blueprint}{endpoint}" if blueprint else endpoint[1:]
        # Keyword order is the call site's, the same each time it runs.
        key = (request.root_path, endpoint, *values.items())
        url = self._built.get(key)
        if url is None:
            url = flask_url_for(endpoint, **values)
            if len(self._built) >= MAX_ENTRIES:
                self._built.clear()
            self._built[key] = url
        return url


def init_app(app: Flask) -> None:
    app.jinja_env.globals["url_for"] = TemplateUrls(app)

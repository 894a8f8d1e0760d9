"""A worker hands freed heap memory back to the system every HEAP_TRIM_EVERY requests, after
the response's body is closed, and pages are served as before."""

from werkzeug.test import Client
from werkzeug.wrappers import Response

from teahouse.heap import TrimEvery
from tests.helpers.client import make_app


def test_the_heap_is_trimmed_after_every_third_response_once_its_body_is_closed():
    events = []

    class Body:
        def __iter__(self):
            yield b"page"

        def close(self):
            events.append("closed")

    def wsgi_app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return Body()

    client = Client(TrimEvery(wsgi_app, every=3, trim=lambda pad: events.append(f"trim {pad}")))
    for _ in range(7):
        response = client.get("/")
        assert response.get_data() == b"page"
        response.close()  # as the server does once the body is sent
    assert events == ["closed"] * 3 + ["trim 0"] + ["closed"] * 3 + ["trim 0", "closed"]


def test_the_app_trims_unless_told_not_to(tmp_path):
    app = make_app(tmp_path)
    assert isinstance(app.wsgi_app, TrimEvery) and app.wsgi_app.every == 200
    assert not isinstance(make_app(tmp_path / "off", HEAP_TRIM_EVERY=0).wsgi_app, TrimEvery)


def test_streamed_and_plain_responses_pass_through_whole(tmp_path):
    app = make_app(tmp_path, HEAP_TRIM_EVERY=1)
    calls = []
    app.wsgi_app.trim = calls.append

    @app.get("/streamed")
    def lines():
        return Response((f"line {n}\n" for n in range(3)), mimetype="text/plain")

    client = app.test_client()
    streamed = client.get("/streamed")
    assert streamed.get_data(as_text=True) == "line 0\nline 1\nline 2\n"
    streamed.close()
    plain = client.get("/healthz")
    assert plain.status_code == 200
    plain.close()
    assert calls == [0, 0]

"""Export and import pages: the host's data, in and out."""

import json

from flask import Blueprint, Response, current_app, render_template, stream_with_context
from flask_login import current_user, login_required

from teahouse.portability import letterboxd
from teahouse.portability.csv_import import import_csv
from teahouse.portability.csvfile import teas_to_csv
from teahouse.portability.export import export_filename, export_host
from teahouse.portability.forms import ImportForm
from teahouse.portability.importing import ImportResult, Problem, import_document

bp = Blueprint("portability", __name__, url_prefix="/data")


@bp.before_request
@login_required
def require_login():
    """A host's data is theirs alone."""


def _download(body: str, mimetype: str, extension: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{export_filename(extension)}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/export.json")
def export_json():
    """Everything the host has, as one JSON file."""
    return _download(
        json.dumps(export_host(current_user), ensure_ascii=False, indent=2),
        "application/json",
        "json",
    )


@bp.get("/teas.csv")
def export_csv():
    """The teas as a spreadsheet."""
    return _download(teas_to_csv(current_user), "text/csv", "csv")


@bp.get("/letterboxd.csv")
def export_letterboxd():
    """The films as the CSV Letterboxd's importer reads, one row per viewing."""
    return Response(
        stream_with_context(letterboxd.iter_letterboxd_csv(current_user)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{letterboxd.letterboxd_filename()}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/", methods=["GET", "POST"])
def index():
    """Download an export, or import one; an import is all or nothing, with a report."""
    form = ImportForm()
    result = None
    if form.validate_on_submit():
        upload = form.file.data
        raw = upload.read()
        if (upload.filename or "").lower().endswith(".zip"):
            result = letterboxd.import_letterboxd_zip(current_user, raw)
        else:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                result = ImportResult([Problem("file", "", "is not UTF-8 text")])
            else:
                result = _import(upload.filename or "", text)
        if result.ok:
            current_app.logger.info("Import into host %s: %s", current_user.id, result.counts)
    return render_template("portability/index.html", form=form, result=result)


def _import(filename: str, text: str) -> ImportResult:
    if filename.lower().endswith(".csv"):
        if letterboxd.looks_like_letterboxd(text):
            return letterboxd.import_letterboxd_csv(current_user, filename, text)
        return import_csv(current_user, text)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return ImportResult(
            [Problem("file", "", f"is not valid JSON (line {error.lineno}: {error.msg})")]
        )
    return import_document(current_user, document)

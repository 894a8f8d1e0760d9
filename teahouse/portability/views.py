"""Export and import pages: the host's data, in and out.

The import and export machinery is imported by the views that use it, not with this module. The
exports write plain dicts (teahouse.portability.records); only an import loads the record
schemas and pydantic (about 14 MiB that then stay in the worker).
"""

from flask import Blueprint, Response, current_app, render_template, stream_with_context
from flask_login import current_user, login_required

from teahouse.portability.forms import ImportForm

bp = Blueprint("portability", __name__, url_prefix="/data")


@bp.before_request
@login_required
def require_login():
    """A host's data is theirs alone."""


def _download(chunks, mimetype: str, extension: str) -> Response:
    from teahouse.portability.export import export_filename

    return Response(
        stream_with_context(chunks),
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{export_filename(extension)}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/export.json")
def export_json():
    """Everything the host has, as one JSON file, streamed as it is read."""
    from teahouse.portability.export import iter_export_json

    return _download(iter_export_json(current_user), "application/json", "json")


@bp.get("/teas.csv")
def export_csv():
    """The teas as a spreadsheet, streamed."""
    from teahouse.portability.csvfile import iter_teas_csv

    return _download(iter_teas_csv(current_user), "text/csv", "csv")


@bp.get("/help")
def help_page():
    """The import formats and the CSV columns, with their limits, from the tea schema."""
    from teahouse.portability.help import csv_columns

    return render_template("portability/help.html", columns=csv_columns())


@bp.get("/letterboxd.csv")
def export_letterboxd():
    """The films as the CSV Letterboxd's importer reads, one row per viewing."""
    from teahouse.portability import letterboxd

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
        from teahouse.portability import letterboxd
        from teahouse.portability.reading import NOT_TEXT, decode_text
        from teahouse.portability.report import ImportReport

        upload = form.file.data
        name = (upload.filename or "").lower()
        raw = upload.read()
        if name.endswith(".zip"):
            result = letterboxd.import_letterboxd_zip(current_user, raw)
        else:
            text = decode_text(raw)
            if text is None:
                result = ImportReport()
                result.problem("file", "", NOT_TEXT)
            else:
                result = _import(name, text, form.on_existing.data)
        if result.ok:
            current_app.logger.info("Import into host %s: %s", current_user.id, result.done)
    return render_template("portability/index.html", form=form, result=result)


# A table of teas: comma-separated, or tab-separated as spreadsheets save "Unicode text".
TABLE_ENDINGS = (".csv", ".tsv", ".txt")


def _import(name: str, text: str, on_existing: str):
    from teahouse.portability import letterboxd
    from teahouse.portability.csv_import import import_csv
    from teahouse.portability.importing import import_text

    if name.endswith(".csv") and letterboxd.looks_like_letterboxd(text):
        return letterboxd.import_letterboxd_csv(current_user, name, text)
    importer = import_csv if name.endswith(TABLE_ENDINGS) else import_text
    return importer(current_user, text, on_existing=on_existing)

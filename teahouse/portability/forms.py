"""The import form: one file (a JSON export, or teas as CSV or tab-separated text), and what
to do with teas already kept."""

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import RadioField

from teahouse.forms import AppForm, options
from teahouse.portability.modes import REFUSE, SKIP, UPDATE


class ImportForm(AppForm):
    file = FileField(
        "File to import",
        validators=[
            FileRequired(message="Choose a file to import."),
            FileAllowed(
                ["json", "csv", "tsv", "txt", "zip"],
                message="Choose a .json export, or a spreadsheet of teas saved as .csv or as "
                "tab-separated text (.tsv or .txt). A Letterboxd export (.zip) works too.",
            ),
        ],
        description=(
            "A Teahouse export (.json), a spreadsheet of teas saved as .csv or as "
            "“Unicode text” (.txt, tab-separated), or Letterboxd's export (.zip, or one of its "
            ".csv files)."
        ),
        render_kw={
            "accept": ".json,.csv,.tsv,.txt,.zip,application/json,text/csv,"
            "text/tab-separated-values,text/plain,application/zip"
        },
    )
    on_existing = RadioField(
        "Teas you already have (same name, vendor and harvest year)",
        choices=options(
            [
                (SKIP, "Skip them: keep yours as they are"),
                (UPDATE, "Update them from the file"),
                (REFUSE, "Stop and list them; import nothing"),
            ]
        ),
        default=SKIP,
    )

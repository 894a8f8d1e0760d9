"""The import form: one file, JSON export or teas CSV."""

from flask_wtf.file import FileAllowed, FileField, FileRequired

from teahouse.forms import AppForm


class ImportForm(AppForm):
    file = FileField(
        "File to import",
        validators=[
            FileRequired(message="Choose a file to import."),
            FileAllowed(
                ["json", "csv", "zip"],
                message="Choose a .json export or a .csv file of teas. "
                "A Letterboxd export (.zip) works too.",
            ),
        ],
        description=(
            "A Teahouse export (.json), a spreadsheet of teas saved as .csv, or Letterboxd's "
            "export (.zip, or one of its .csv files)."
        ),
        render_kw={"accept": ".json,.csv,.zip,application/json,text/csv,application/zip"},
    )

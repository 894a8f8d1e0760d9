"""The import form: one file, JSON export or teas CSV."""

from flask_wtf.file import FileAllowed, FileField, FileRequired

from teahouse.forms import AppForm


class ImportForm(AppForm):
    file = FileField(
        "File to import",
        validators=[
            FileRequired(message="Choose a file to import."),
            FileAllowed(["json", "csv"], message="Choose a .json export or a .csv file of teas."),
        ],
        description="A Teahouse export (.json) or a spreadsheet of teas saved as .csv.",
        render_kw={"accept": ".json,.csv,application/json,text/csv"},
    )

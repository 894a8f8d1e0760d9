"""Letterboxd in and out: its export (ZIP or CSVs) imported into the host's films, and the CSV
its importer reads written from them.

reading.py parses and checks rows, importing.py matches and writes them, exporting.py writes the
CSV, markup.py turns review text into Markdown and back.
"""

from teahouse.portability.letterboxd.exporting import iter_letterboxd_csv, letterboxd_filename
from teahouse.portability.letterboxd.importing import import_letterboxd_csv, import_letterboxd_zip
from teahouse.portability.letterboxd.reading import looks_like_letterboxd

__all__ = [
    "import_letterboxd_csv",
    "import_letterboxd_zip",
    "iter_letterboxd_csv",
    "letterboxd_filename",
    "looks_like_letterboxd",
]

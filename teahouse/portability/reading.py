"""Turning an uploaded file into records, whatever the file holds: never an exception.

JSON: nesting deep enough to exhaust the parser's stack is reported, and numbers too long for
Python (over 4,300 digits) are kept as text, so the record and field holding them are named.
CSV: any line ends (CRLF, LF, bare CR), cells separated by commas or by tabs (as a spreadsheet
saves "Unicode text"), cells up to the largest field the schemas allow, and the
spreadsheet-safety quote of the export taken off again.
"""

import codecs
import csv
import io
import json
from collections import Counter
from itertools import zip_longest

from teahouse.portability.csvfile import restore
from teahouse.portability.report import ImportReport
from teahouse.schemas.fields import HugeNumber
from teahouse.schemas.quoting import shortened

# The longest field any schema allows (a review's body) with room to report it as too long;
# larger cells stop the CSV reader with a row-level problem instead.
csv.field_size_limit(1 << 20)


# Spreadsheets save "Unicode" files as UTF-16 with a byte order mark; without the mark nothing
# says a file is UTF-16 (ASCII in UTF-16 is valid UTF-8 with NULs between the letters), so it is
# not guessed. UTF-32's mark begins with UTF-16's: it is refused, not read as UTF-16.
_UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF32_MARKS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
NOT_TEXT = "is not text in UTF-8 or UTF-16: save it again as “CSV UTF-8” (or UTF-8 text)"


def decode_text(raw: bytes) -> str | None:
    """An uploaded file's text: UTF-16 when it starts with UTF-16's byte order mark, else
    UTF-8 (with or without a mark); None when it is neither."""
    try:
        if raw.startswith(_UTF32_MARKS):
            return None
        if raw.startswith(_UTF16_MARKS):
            return raw.decode("utf-16")  # reads the mark for the byte order, and drops it
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def repeated_columns(header: list[str]) -> str | None:
    """What to say of a header row that names a column more than once (which of its cells a
    record would take is a guess), or None."""
    counts = Counter(name for name in header if name)
    repeated = [name for name, count in counts.items() if count > 1]
    if not repeated:
        return None
    if len(repeated) == 1:
        times = "twice" if counts[repeated[0]] == 2 else f"{counts[repeated[0]]} times"
        column = shortened(repeated[0])
        return f"the header row names the column {column} {times}; keep only one of them"
    named = ", ".join(map(shortened, repeated[:-1])) + " and " + shortened(repeated[-1])
    return f"the header row names the columns {named} more than once; keep only one of each"


def _integer(text: str):
    return int(text) if len(text) <= 40 else HugeNumber(text)


def _decimal(text: str):
    return float(text) if len(text) <= 40 else HugeNumber(text)


def read_json(text: str, report: ImportReport):
    """The parsed document, or None with the reason in the report."""
    try:
        return json.loads(text, parse_int=_integer, parse_float=_decimal)
    except json.JSONDecodeError as error:
        report.problem("file", "", f"is not valid JSON (line {error.lineno}: {error.msg})")
    except RecursionError:
        report.problem("file", "", "nests lists and objects too deeply to be an export")
    except ValueError as error:
        report.problem("file", "", f"is not valid JSON ({error})")
    return None


def separator(text: str) -> str:
    """The cell separator of a table of teas, read from its header row: a tab when the header
    has one (a spreadsheet's "Unicode text" and .tsv files), else a comma. Column names hold
    neither, so a header is never split both ways."""
    # Only the first line is looked at, and not copied with the rest: a file can be large.
    ends = [end for end in (text.find("\n"), text.find("\r")) if end >= 0]
    return "\t" if "\t" in text[: min(ends, default=len(text))] else ","


def read_csv_rows(text: str, report: ImportReport):
    """(header, rows): the header read at once, then (row number, {column: text}) one row at
    a time, so that a large file's rows are not all held as dicts while they are checked.
    Cells are separated by commas or tabs (see separator). Problems with the file go in the
    report (a broken row ends the rows)."""
    # newline=None reads CRLF, LF and bare CR (old Mac spreadsheets) alike.
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=None), delimiter=separator(text))
    try:
        header = [restore(h).strip() for h in next(reader, [])]
    except csv.Error as error:
        report.problem("file", "", f"cannot be read as CSV ({error})")
        return [], iter(())
    return header, _rows(reader, header, report)


def _rows(reader, header: list[str], report: ImportReport):
    try:
        for cells in reader:
            number = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                report.problem(f"row {number}", "", "has more cells than the header has columns")
                continue
            # A spreadsheet drops a row's empty cells at the end: they are empty, not absent
            # (an update clears those fields rather than keeping them).
            yield (
                number,
                {name: restore(cell) for name, cell in zip_longest(header, cells, fillvalue="")},
            )
    except csv.Error as error:
        report.problem(f"row {reader.line_num}", "", f"cannot be read as CSV ({error})")

"""Import of a Teahouse JSON export: every record checked first, then all written, or nothing.

The whole document is checked against the schemas (teahouse.schemas) before the write lock is
taken; the lock is then held only for the bulk INSERTs (json_writing.py).
"""

import time

from teahouse.database import write_transaction
from teahouse.models import User
from teahouse.portability.checking import (
    ON_EXISTING,
    REFUSE,
    SECTIONS,
    SKIP,
    check_document,
    sort_existing,
)
from teahouse.portability.export import FORMAT, VERSION
from teahouse.portability.json_writing import WrittenFiles, write_document
from teahouse.portability.reading import read_json
from teahouse.portability.report import ImportReport, ImportResult, Problem  # noqa: F401
from teahouse.portability.writing import Progress, existing_teas


def _lists(document, report: ImportReport) -> dict[str, list] | None:
    """The document's lists, or None if it is not an export this version can read."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        report.problem("file", "format", f"this is not a {FORMAT} document")
        return None
    if document.get("version") != VERSION:
        shown = document.get("version")
        shown = shown if isinstance(shown, int | float | None) else str(shown)[:20]
        report.problem(
            "file", "version", f"version {shown!r} is not supported (expected {VERSION})"
        )
        return None
    lists = {}
    for key, _ in SECTIONS:
        value = document.get(key, [])
        if not isinstance(value, list):
            report.problem("file", key, "must be a list")
        lists[key] = value if isinstance(value, list) else []
    return lists if report.ok else None


def import_text(
    user: User, text: str, progress: Progress | None = None, on_existing: str = REFUSE
) -> ImportReport:
    """Import a JSON export given as text (from an upload or a file)."""
    report = ImportReport()
    document = read_json(text, report)
    if not report.ok:
        return report
    return import_document(user, document, progress, on_existing, report)


def import_document(
    user: User,
    document,
    progress: Progress | None = None,
    on_existing: str = REFUSE,
    report: ImportReport | None = None,
) -> ImportReport:
    """Import a teahouse-export document into a host's account, entirely or not at all.

    on_existing says what happens to teas the host already has (same name, vendor and
    harvest year): REFUSE reports them, SKIP keeps the host's and UPDATE takes the file's
    values. Either way their stock movements and brew sessions in the file are left out, so
    importing one's own export again does not count the stock twice.
    """
    report = report or ImportReport()
    if on_existing not in ON_EXISTING:
        raise ValueError(f"on_existing must be one of {ON_EXISTING}")
    lists = _lists(document, report)
    if lists is None:
        return report
    checked = check_document(lists, report)
    # With REFUSE, the teas the host has are listed with any other problems; the check is
    # made again under the lock, in case a tea was added meanwhile.
    sort_existing(existing_teas(user.id), checked.records["teas"], on_existing, report)
    if not report.ok:
        return report
    files = WrittenFiles()  # posters and photos, removed again if the transaction fails
    try:
        files.store(checked)
        locked_at = time.perf_counter()
        with write_transaction():
            new, matched = sort_existing(
                existing_teas(user.id), checked.records["teas"], on_existing, report
            )
            if report.ok:
                write_document(user, checked, new, matched, on_existing, report, files, progress)
        report.locked_seconds = time.perf_counter() - locked_at
    except BaseException:
        files.undo()
        raise
    if not report.ok:  # a tea added meanwhile: nothing was written, the files go too
        files.undo()
        return report
    files.finish()
    if matched:
        how = "skipped" if on_existing == SKIP else "updated"
        report.count("teas", **{how: len(matched)})
    return report

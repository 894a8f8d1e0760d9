"""Consistent copies of the SQLite database while the app runs (SQLite's online backup API)."""

import os
import sqlite3
from collections.abc import Callable


class BackupError(RuntimeError):
    """The backup could not be made; any partial file has been removed."""


def backup_sqlite(
    source_path: str, destination: str, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Copy the database page by page into `destination`, then verify the copy.

    The backup API copies a consistent snapshot even while other connections write (it restarts
    the copy if the source changes under it). Returns the copy's row count per table.
    """
    if os.path.exists(destination):
        raise BackupError(f"{destination} already exists; choose a new file name.")
    partial = destination + ".partial"
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, timeout=30)
    target = sqlite3.connect(partial)
    try:
        source.backup(
            target,
            pages=256,
            progress=(lambda status, remaining, total: progress(total - remaining, total))
            if progress
            else None,
        )
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"The copy failed its integrity check: {check}")
        tables = [
            r[0]
            for r in target.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {t: target.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    except BaseException:
        target.close()
        source.close()
        if os.path.exists(partial):
            os.remove(partial)
        raise
    target.close()
    source.close()
    os.replace(partial, destination)
    return counts

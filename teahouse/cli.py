"""Flask commands: accounts, the sample collection, export, import, backup, stock check."""

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import func, select

from teahouse.auth import services as accounts
from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import Tea, User
from teahouse.portability.backup import BackupError, backup_sqlite
from teahouse.portability.modes import ON_EXISTING, REFUSE
from teahouse.sample import load_sample
from teahouse.stock import ledger, rollups
from teahouse.templating import plural
from teahouse.timezones import is_timezone


def _host(email: str) -> User:
    user = accounts.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No host with the email {email}.")
    return user


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--name", required=True, help="The host's display name.")
@click.option(
    "--password-stdin", is_flag=True, required=True, help="Read the password from standard input."
)
@click.option("--timezone", default="UTC", show_default=True, help="IANA time zone.")
@click.option("--sample", is_flag=True, help="Load the 40-tea sample collection.")
def create_user_command(email, name, password_stdin, timezone, sample):
    """Create a host account."""
    password = sys.stdin.readline().rstrip("\r\n")
    if not is_timezone(timezone):
        raise click.ClickException(f"{timezone} is not an IANA time zone (e.g. Europe/Berlin).")
    try:
        user = accounts.create_user(email, name, password, timezone)
        db.session.flush()
    except accounts.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    added = load_sample(user) if sample else 0
    db.session.commit()
    click.echo(f"Created host {user.email}" + (f" with {added} sample teas." if sample else "."))


@click.command("seed-sample")
@with_appcontext
@click.option("--user", "email", required=True, help="The host's email.")
def seed_sample_command(email):
    """Load the 40-tea sample collection into a host's account (once)."""
    user = _host(email)
    added = load_sample(user)
    if not added:
        raise click.ClickException(f"{user.email} already has the sample collection.")
    db.session.commit()
    click.echo(f"Loaded {added} sample teas into {user.email}.")


@click.command("export")
@with_appcontext
@click.option("--user", "email", required=True, help="The host's email.")
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
    default="-",
    help="File to write (default: standard output).",
)
@click.option(
    "--format",
    "file_format",
    type=click.Choice(["json", "letterboxd"]),
    default="json",
    show_default=True,
    help="json: everything, for Teahouse; letterboxd: the films, as Letterboxd's importer reads.",
)
def export_command(email, output, file_format):
    """Write everything a host has as one JSON document, or the films as Letterboxd's CSV."""
    from teahouse.portability import letterboxd  # imported here: see import_command
    from teahouse.portability.export import iter_export_json

    user = _host(email)
    if file_format == "letterboxd":
        for piece in letterboxd.iter_letterboxd_csv(user):
            output.write(piece)
        click.echo(f"Exported the films of {user.email} for Letterboxd.", err=True)
        return
    teas = db.session.scalar(select(func.count()).select_from(Tea).where(Tea.owner_id == user.id))
    with click.progressbar(length=1, label="Exporting", file=sys.stderr) as bar:
        for piece in iter_export_json(user):  # record by record: memory stays flat
            output.write(piece)
        bar.update(1)
    click.echo(f"Exported {plural(teas, 'tea')} and everything else of {user.email}.", err=True)


@click.command("import")
@click.option("--user", "email", required=True, help="The host's email.")
@click.option(
    "--existing",
    type=click.Choice(ON_EXISTING),
    default=REFUSE,
    show_default=True,
    help="Teas the host already has: refuse the file, skip them, or update them from it.",
)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(email, existing, file):
    """Import a Teahouse JSON export, a CSV of teas, or Letterboxd's export (ZIP or CSV):
    all of it, or nothing."""
    # Imported here, not at the top: the schemas weigh about 10 MiB, which every web worker
    # (create_app registers these commands) would carry without ever importing a file.
    from teahouse.portability import letterboxd
    from teahouse.portability.csv_import import import_csv
    from teahouse.portability.importing import import_text
    from teahouse.portability.reading import NOT_TEXT, decode_text

    user = _host(email)
    suffix = file.suffix.lower()
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise click.ClickException(f"Nothing was imported: {error}") from None
    if suffix == ".zip":
        _report(letterboxd.import_letterboxd_zip(user, raw), file, user)
        return
    text = decode_text(raw)
    if text is None:
        raise click.ClickException(f"Nothing was imported: {file} {NOT_TEXT}.")
    if suffix == ".csv" and letterboxd.looks_like_letterboxd(text):
        _report(letterboxd.import_letterboxd_csv(user, file.name, text), file, user)
        return
    importer = import_csv if suffix == ".csv" else import_text
    total = max(text.count("\n") - 1, 1) if suffix == ".csv" else 1
    with click.progressbar(length=total, label="Importing", file=sys.stderr) as bar:
        report = importer(user, text, progress=bar.update, on_existing=existing)
    _report(report, file, user)


def _report(report, file: Path, user: User) -> None:
    """The report on the terminal; a refused file exits non-zero, with no traceback."""
    if not report.ok:
        for problem in report.problems[:1000]:
            click.echo(f"  {problem}", err=True)
        if len(report.problems) > 1000:
            click.echo(f"  … and {len(report.problems) - 1000:,} more.", err=True)
        raise click.ClickException(f"{report.summary()} Nothing was written from {file}.")
    click.echo(
        f"{report.summary()} ({user.email}; others' writes waited at most "
        f"{report.locked_seconds:.1f} s)"
    )


@click.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(destination):
    """Copy the SQLite database consistently, even while Teahouse runs."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database:
        raise click.ClickException("backup copies the SQLite database; for PostgreSQL use pg_dump.")
    with click.progressbar(length=1, label="Backing up", file=sys.stderr) as bar:

        def progress(done, total):
            bar.length = total
            bar.update(done - bar.pos)

        try:
            counts = backup_sqlite(url.database, str(destination), progress)
        except (BackupError, OSError) as error:
            raise click.ClickException(str(error)) from None
    rows = ", ".join(f"{table} {count}" for table, count in sorted(counts.items()))
    click.echo(f"Backed up to {destination} (integrity ok; rows: {rows}).")


@click.command("check-stock")
@click.option("--repair", is_flag=True, help="Set each differing total to what its ledger says.")
@with_appcontext
def check_stock_command(repair):
    """Recompute every tea's stock from its ledger and compare it with the running total."""
    with write_transaction():  # a repair must not race a movement being written
        found = ledger.mismatches()
        if found and repair:
            ledger.repair(found)
        rollups_off = rollups.mismatches()
        if rollups_off and repair:
            rollups.rebuild()
    teas = db.session.scalar(select(func.count()).select_from(Tea))
    for line in rollups_off:
        click.echo(f"  {line}", err=True)
    if rollups_off and repair:
        click.echo(f"Rebuilt the rollups from the ledger ({len(rollups_off)} rows differed).")
    if not found:
        if rollups_off and not repair:
            raise click.ClickException(
                f"{len(rollups_off)} rollup rows differ from the ledger; --repair rebuilds them."
            )
        click.echo(f"All {teas} teas: the stock on hand matches the ledger.")
        return
    for m in found:
        click.echo(
            f"  tea {m.tea_id} ({m.name}): total {m.kept_mg / 1000:g} g, "
            f"ledger {m.ledger_mg / 1000:g} g",
            err=True,
        )
    if repair:
        click.echo(f"Repaired {len(found)} of {teas} teas: their totals now match the ledger.")
        return
    raise click.ClickException(
        f"{len(found)} of {teas} teas differ from their ledger; --repair sets them to it."
    )


def init_app(app: Flask) -> None:
    for command in (
        create_user_command,
        seed_sample_command,
        export_command,
        import_command,
        backup_command,
        check_stock_command,
    ):
        app.cli.add_command(command)

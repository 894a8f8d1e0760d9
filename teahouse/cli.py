"""Flask commands: accounts, the sample collection and export."""

import json
import sys

import click
from flask import Flask
from flask.cli import with_appcontext

from teahouse.auth import services as accounts
from teahouse.extensions import db
from teahouse.models import User
from teahouse.portability.export import export_host
from teahouse.teas.sample import load_sample_collection
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
    added = load_sample_collection(user) if sample else 0
    db.session.commit()
    click.echo(f"Created host {user.email}" + (f" with {added} sample teas." if sample else "."))


@click.command("seed-sample")
@with_appcontext
@click.option("--user", "email", required=True, help="The host's email.")
def seed_sample_command(email):
    """Load the 40-tea sample collection into a host's account (once)."""
    user = _host(email)
    added = load_sample_collection(user)
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
def export_command(email, output):
    """Write everything a host has as one JSON document."""
    document = export_host(_host(email))
    json.dump(document, output, ensure_ascii=False, indent=2)
    output.write("\n")
    if output is not sys.stdout and output.name != "<stdout>":
        click.echo(f"Exported {len(document['teas'])} teas to {output.name}.", err=True)


def init_app(app: Flask) -> None:
    for command in (create_user_command, seed_sample_command, export_command):
        app.cli.add_command(command)

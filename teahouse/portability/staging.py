"""Large imports in short steps that others' writes slip between, still all or nothing.

SQLite has one writer at a time: an import holding the write lock for all of 100,000 rows
would make guests' answers and restocks wait past their timeout. So a large import writes its
teas a chunk per short transaction, owned by a staging account that nobody can sign in to;
every page and query filters by owner, so nobody sees them. One last short transaction hands
them all to the host at once. If anything fails, the staging account is deleted and its teas,
tags and stock go with it (foreign keys cascade); a staging account that a crash left behind
is removed by the host's next import.
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert, update

from teahouse.database import write_transaction
from teahouse.extensions import db
from teahouse.models import Tea, User
from teahouse.stock import ledger

DOMAIN = "staging.invalid"  # .invalid never resolves: no mail can reach these accounts
ABANDONED_AFTER = timedelta(hours=1)


def _prefix(host_id: int) -> str:
    return f"import-{host_id}-"


def _open(host_id: int) -> int:
    users = User.__table__
    db.session.execute(
        delete(users).where(
            users.c.email.startswith(_prefix(host_id)),
            users.c.email.endswith("@" + DOMAIN),
            users.c.created_at < datetime.now(UTC) - ABANDONED_AFTER,
        )
    )
    email = f"{_prefix(host_id)}{secrets.token_hex(8)}@{DOMAIN}"
    return db.session.scalar(
        insert(users)
        .values(
            email=email,
            display_name="Import in progress",
            password_hash="!",  # not the hash of any password: nobody signs in as it
            created_at=datetime.now(UTC),
        )
        .returning(users.c.id)
    )


def hand_over(staging_id: int, host_id: int) -> None:
    """Give the host everything the staging account holds; call inside the last transaction."""
    teas = Tea.__table__
    db.session.execute(update(teas).where(teas.c.owner_id == staging_id).values(owner_id=host_id))
    ledger.hand_over(staging_id, host_id)
    db.session.execute(delete(User.__table__).where(User.__table__.c.id == staging_id))


@contextmanager
def staging_account(host_id: int) -> Iterator[int]:
    """A staging account for one import; deleted, with all it holds, if the import fails."""
    with write_transaction():
        staging_id = _open(host_id)
    try:
        yield staging_id
    except BaseException:
        db.session.rollback()
        with write_transaction():
            db.session.execute(delete(User.__table__).where(User.__table__.c.id == staging_id))
        raise

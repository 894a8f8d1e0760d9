"""Creation forms that create once, however often they are sent (the idempotency-key pattern).

A double click, or an impatient press on a slow network, sends a creation form twice at the
same moment; Back and a second submit send it again later. Each creation form carries a
random token (`OnceOnly`), fresh on every rendering and on every serving of a kept page
(teahouse.pagecache). `create_once` runs the creation and records the token, with where the
created thing lives, in one write transaction: a second press with the same token creates
nothing, and is answered as the first was (a redirect to the created thing, "Already saved").

The token is recorded with a digest of what the form said: Back, a change (another name, more
grams) and a second submit send the same token with other contents, and that is a new
creation, not a repeat to drop. On a shared device, the next stranger answering a public page
gets their own place, not the previous one's personal page.

- On SQLite the write transaction starts with BEGIN IMMEDIATE: the second press waits for the
  first to commit, then finds its token (never 503 Busy, never a duplicate).
- On PostgreSQL the token is claimed first with INSERT ... ON CONFLICT DO NOTHING on the
  unique (host, token): the second press's insert waits for the first transaction and then
  inserts nothing, so it never meets a unique violation, and reads the first's row.
- Tokens are unique per host: another host's token is unknown here and creates as usual.
- A token may be forgotten after a day (pruned now and then on insert); sending the page
  again after that creates again. A form sent without a token (a page opened before this
  existed, or a script) creates as it always did.
"""

import base64
import hashlib
import json
import re
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from flask import abort, flash, redirect, request
from flask_login import current_user
from sqlalchemy import delete, select
from wtforms import HiddenField
from wtforms.utils import unset_value

from teahouse import pagecache
from teahouse.database import upsert_insert, write_transaction
from teahouse.extensions import db
from teahouse.models import Submission
from teahouse.utc import utcnow

Created = TypeVar("Created")

_TOKEN_BYTES = 16
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # what secrets.token_urlsafe(16) makes
# The recorded key is the token, a dot and this much of the contents' digest (54 bits): it
# fills the 32 characters of submissions.token.
_DIGEST_CHARS = 9
KEPT_FOR = timedelta(days=1)
# One creation in this many (by its token row's id) also deletes the tokens past KEPT_FOR:
# an indexed range delete, cheap enough, without a scheduler.
PRUNE_EVERY = 50
ALREADY_SAVED = "Already saved: this form was sent more than once, and saved only once."
DAMAGED = (
    "This form's once-only mark was damaged on the way. Nothing was saved: reload the page "
    "and send the form again."
)


def new_token() -> str:
    return secrets.token_urlsafe(_TOKEN_BYTES)


class OnceTokenField(HiddenField):
    """The form's once-only token: the one sent back, or a fresh one for a new rendering."""

    def process(self, formdata, data=unset_value, extra_filters=None):
        super().process(formdata, data, extra_filters)
        self.sent = self.data or None
        if self.sent is None:
            self.data = new_token()

    def __call__(self, **kwargs):
        if self.sent is None:
            # Each form on the page gets its own (the tea page's quick buttons share one form
            # object), and a page kept by the page store must not hand this token to a second
            # serving: two honest creations would then share it, and the second create nothing.
            self.data = new_token()
            pagecache.fresh_value(self.data, new_token)
        kwargs.setdefault("id", False)  # a page may hold several: ids must stay unique
        return super().__call__(**kwargs)


class OnceOnly:
    """Mix into a creation form (before its form class): adds the token and refuses one that
    is malformed with a message over the form (its field is hidden)."""

    once_token = OnceTokenField()

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        sent = self.once_token.sent
        if sent is not None and not _TOKEN.fullmatch(sent):
            self.form_errors.append(DAMAGED)
            self.once_token.sent = None  # the form shown again carries a good one
            return False
        return valid


class _AlreadySaved(Exception):
    def __init__(self, location: str):
        super().__init__(location)
        self.location = location


def create_once(
    form: OnceOnly,
    create: Callable[[], Created],
    location: Callable[[Created], str],
    owner_id: int | None = None,
) -> Created:
    """Run `create` (it adds rows, and may open write transactions: they join this one) and
    record the form's token with `location(created)`, the local URL of what it made, all in
    one write transaction. Returns what `create` returned. `owner_id` is the host the
    created rows belong to: the signed-in one unless given (a stranger's open RSVP: the
    party's host).

    A token this host has already used creates nothing and moves no data generation: the
    request ends here with "Already saved" and a redirect to the first press's creation.
    """
    token = form.once_token.sent
    if token is not None:
        token = f"{token}.{_contents_digest(form)}"
    if owner_id is None:
        owner_id = current_user.id
    try:
        with write_transaction():
            if token is None:
                return create()
            claimed = _claim(owner_id, token)
            if claimed is None:
                # Pruned between the claim and this read (a resend a day late, on PostgreSQL):
                # back to the form rather than a redirect to nowhere.
                raise _AlreadySaved(_location_of(owner_id, token) or request.path)
            created = create()
            db.session.flush()  # the new row's id, for its location
            db.session.execute(
                Submission.__table__.update()
                .where(Submission.id == claimed)
                .values(location=location(created)[:500])
            )
            if claimed % PRUNE_EVERY == 0:
                prune()
            return created
    except _AlreadySaved as already:  # rolled back: nothing of this request was written
        flash(ALREADY_SAVED, "info")
        abort(redirect(already.location))


def _contents_digest(form: OnceOnly) -> str:
    """A digest of the form as sent, apart from its tokens (files by field and name)."""
    tokens = {form.once_token.name, "csrf_token"}
    fields = sorted(
        (name, value) for name, value in request.form.items(multi=True) if name not in tokens
    )
    files = sorted((name, sent.filename or "") for name, sent in request.files.items(multi=True))
    digest = hashlib.sha256(json.dumps([fields, files], ensure_ascii=False).encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()[:_DIGEST_CHARS]


def _claim(owner_id: int, token: str) -> int | None:
    """The id of this host's new row for `token`, or None when the token was used before."""
    insert = upsert_insert(db.session.get_bind(), Submission.__table__)
    statement = (
        insert.values(owner_id=owner_id, token=token, location="", created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["owner_id", "token"])
        .returning(Submission.__table__.c.id)
    )
    return db.session.execute(statement).scalar()


def _location_of(owner_id: int, token: str) -> str | None:
    mine = (Submission.owner_id == owner_id) & (Submission.token == token)
    return db.session.scalar(select(Submission.location).where(mine))


def prune() -> int:
    """Forget the tokens older than KEPT_FOR; how many went."""
    result = db.session.execute(
        delete(Submission).where(Submission.created_at < utcnow() - KEPT_FOR)
    )
    return result.rowcount

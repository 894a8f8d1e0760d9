"""The one pagination of the app, for a query of one entity or of rows of several columns.

db.paginate would serve the single-entity lists, but it returns scalars only and keeps an
out-of-range page empty; one helper keeps every list paging the same way.
"""

from dataclasses import dataclass
from math import ceil

from flask import request
from sqlalchemy import Select, func, select

from teahouse.extensions import db


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


# Far beyond any real list; keeps LIMIT/OFFSET arithmetic inside a database integer.
MAX_PAGE = 100_000


def requested_page() -> int:
    """?page= as a page number from 1 to MAX_PAGE; anything else is page 1."""
    page = request.args.get("page", 1, type=int)
    return min(max(page, 1), MAX_PAGE)


def paginate_rows(query: Select, page: int, per_page: int, total: int | None = None) -> Page:
    """One count query and one page query, whatever the size of the table; only the page
    query where the caller knows the `total` already.

    A query of one entity (select(Guest)) pages its objects; a query of several columns pages
    its rows. A page out of range shows the nearest page that exists.
    """
    if total is None:
        total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = min(max(page, 1), max(1, ceil(total / per_page)))
    window = query.limit(per_page).offset((page - 1) * per_page)
    if len(query.column_descriptions) == 1:
        items = db.session.scalars(window).all()
    else:
        items = db.session.execute(window).all()
    return Page(items=items, page=page, per_page=per_page, total=total)

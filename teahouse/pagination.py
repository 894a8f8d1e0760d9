"""Pagination of queries that return rows of several columns (db.paginate returns scalars only)."""

from dataclasses import dataclass
from math import ceil

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


def paginate_rows(query: Select, page: int, per_page: int) -> Page:
    """One count query and one page query, whatever the size of the table."""
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    page = min(max(page, 1), max(1, ceil(total / per_page)))
    rows = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=rows, page=page, per_page=per_page, total=total)

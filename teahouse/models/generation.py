"""One number that changes with every committed write: what a cached page is valid for."""

from sqlalchemy import DDL, BigInteger, event
from sqlalchemy.orm import Mapped, mapped_column

from teahouse.extensions import db

SINGLE_ROW = 1


class DataGeneration(db.Model):
    """The single row's `value` goes up by one in the same transaction as every write.

    A page rendered while the value was N is right for as long as the value is N: any change
    to what it showed came with a commit that moved the value on. Kept in the database, so
    every worker process (and every machine, on PostgreSQL) sees the same number.
    """

    __tablename__ = "data_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


# A schema made with create_all (not the migration) gets its row too.
event.listen(
    DataGeneration.__table__,
    "after_create",
    DDL(f"INSERT INTO data_generation (id, value) VALUES ({SINGLE_ROW}, 0)"),
)

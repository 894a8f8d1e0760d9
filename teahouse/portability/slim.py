"""Checked records kept small while a large file waits to be written.

A checked pydantic record holds its values in a dict and the names of the fields it was given
in a set: about 3.5 KB for a tea of 25 fields, 35 MiB for a 10,000-tea file. Once checked,
a record is only read: `slim` keeps the same values in a named tuple (about 0.3 KB), read by
the same attribute names, with the schema's `unique`, `label` and `values()`, and the fields
its file gave (`given`: the same for every row of a CSV, so one set is shared by them all).
"""

from collections import namedtuple
from functools import cache, lru_cache

from teahouse.schemas.fields import Record


@cache
def _shape(schema: type[Record]) -> type:
    fields = tuple(schema.model_fields)
    written = tuple(
        name for name in fields if name not in set(schema.export_only) | set(schema.references)
    )

    class Slim(namedtuple(f"Slim{schema.__name__}", (*fields, "given"))):
        __slots__ = ()
        unique = schema.unique
        label = schema.label

        def values(self) -> dict:
            """The clean values an import writes, as `Record.values()` gives them."""
            return {name: _copy(getattr(self, name)) for name in written}

    return Slim


def _copy(value):
    # model_dump hands out new lists (tags, steep times): the writers may change them.
    return list(value) if isinstance(value, list) else value


@lru_cache(maxsize=64)
def _shared(given: frozenset[str]) -> frozenset[str]:
    return given  # the first of equal sets, handed to every record that has an equal one


def slim(record: Record):
    """The record's values, read-only, in a fraction of its memory."""
    values = (getattr(record, name) for name in type(record).model_fields)
    return _shape(type(record))._make((*values, _shared(record.given)))

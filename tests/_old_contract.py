"""The frame contract before the compact one (schemas.VERSION 1): String ids, Int64 offsets.

Used to build the seeds the old way and to write a cache as the old code wrote it
(tests/test_schemas.py, tests/test_cache_integrity.py).
"""

from __future__ import annotations

import polars as pl

from workbench import schemas

OLD_OFFSETS = ("char_start", "char_end")


def old_schema(schema: dict[str, pl.DataType]) -> dict[str, pl.DataType]:
    """The previous contract (VERSION 1): ids String, char_start/char_end Int64 (position and sentence_id were Int32)."""
    return {c: pl.String() if t == schemas.ID else pl.Int64() if c in OLD_OFFSETS else t for c, t in schemas.plain_schema(schema).items()}


def old_contract(monkeypatch) -> None:
    """Make the builder write the previous contract: every frame schema and the version, as the old code had them."""
    old = {name: old_schema(schema) for name, schema in schemas.FRAMES.items()}
    for name, schema in old.items():
        monkeypatch.setattr(schemas, name.upper(), schema)
    monkeypatch.setattr(schemas, "FRAMES", old)
    monkeypatch.setattr(schemas, "VERSION", 1)


def as_old(df: pl.DataFrame) -> pl.DataFrame:
    """``df`` with its columns cast to the previous contract's dtypes (ids String, offsets Int64)."""
    return df.cast({c: t for c, t in old_schema(dict(df.schema)).items() if t != df.schema[c]})

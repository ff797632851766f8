"""Column contracts of every public frame, defined once.

Each constant maps column name → polars dtype, in column order. Builders
finish with :func:`conform`, tests check frames with :func:`check`, and the
README's tables are written from these dictionaries.

Ids are compact: every column holding a ``doc_id`` or ``section_id`` value
(``doc_id``, ``section_id``, ``parent_id`` and, in derived frames,
``part_id`` and ``item_id``) has the dtype :data:`ID`, a polars
``Categorical`` over polars' global categories, so the frames of a corpus
(and every frame derived from them) join on ids without a cast, and a
comparison with a string works as it does on a ``String`` column. Offsets
and positions are :data:`OFFSET` (Int32). ``.str`` needs a ``String``:
cast first (``pl.col("doc_id").cast(pl.String).str…``), or use :func:`plain`.

Examples
--------
>>> df = pl.DataFrame({"doc_id": ["b", "a"]}, schema={"doc_id": ID})
>>> df.filter(pl.col("doc_id") == "a")["doc_id"].to_list()
['a']
>>> plain(df).schema
Schema([('doc_id', String)])
"""

from __future__ import annotations

import polars as pl

#: Version of the frame contract: part of every cache key, so a cache written under another contract is rebuilt.
#: 1: String ids, Int64 offsets; 2: Categorical ids, Int32 offsets.
VERSION = 2

#: dtype of every id column: Categorical over the global categories (one dtype across frames; joins need no cast).
ID: pl.DataType = pl.Categorical()
#: dtype of ``char_start``, ``char_end`` (Python string offsets into ``documents.text``) and token ``position``.
OFFSET: pl.DataType = pl.Int32()
#: Columns that hold ids in any frame of the workbench (dtype :data:`ID`).
ID_COLUMNS: tuple[str, ...] = ("doc_id", "section_id", "parent_id", "part_id", "item_id")

DOCUMENTS: dict[str, pl.DataType] = {
    "doc_id": ID,  # file name without extension; unique in a corpus
    "title": pl.String(),  # report title as printed, null where the page has none
    "district": pl.String(),  # 区/县/开发区 reporting, e.g. 拱墅区, 宁波高新区
    "city": pl.String(),  # 地级市, e.g. 杭州市
    "province": pl.String(),  # 省/自治区/直辖市, e.g. 浙江省
    "level": pl.String(),  # district | county | county_city | new_area | dev_zone | subdistrict | township | city | province | national
    "year": pl.Int32(),  # the year reported on (not the publication year)
    "publish_date": pl.Date(),  # 发布日期/成文日期, null where not stated
    "doc_number": pl.String(),  # 文号, e.g. 拱政发〔2025〕04号
    "index_number": pl.String(),  # 索引号
    "publisher": pl.String(),  # 发布机构
    "url": pl.String(),  # where the report was published (data/manifest.csv), null where not given
    "accessed": pl.Date(),  # when it was retrieved from url (data/manifest.csv), null where not given
    "note": pl.String(),  # the researcher's note (data/manifest.csv), null where not given
    "source_file": pl.String(),  # file name in the source folder
    "n_chars": pl.Int64(),  # length of ``text``
    "text": pl.String(),  # cleaned body, the report once; all offsets point here
}

SECTIONS: dict[str, pl.DataType] = {
    "doc_id": ID,
    "section_id": ID,  # "<doc_id>/1.2.3" (ordinals along the path)
    "parent_id": ID,  # null for level 0 and level 1
    "level": pl.Int8(),  # 0 preamble, 1 一、, 2 (一), 3 1., 4 一是
    "label": pl.String(),  # the marker as printed: 一、 (一) 1. 一是; "" for the preamble
    "heading": pl.String(),  # heading text after the marker, up to the first 。!?, line end or space
    "kind": pl.String(),  # achievements | shortcomings | duties | plans | other
    "text": pl.String(),  # documents.text[char_start:char_end]
    "char_start": OFFSET,
    "char_end": OFFSET,
}

SENTENCES: dict[str, pl.DataType] = {
    "doc_id": ID,
    "section_id": ID,  # deepest section holding the sentence
    "sentence_id": pl.Int32(),  # 0-based within the document
    "text": pl.String(),  # documents.text[char_start:char_end]
    "char_start": OFFSET,
    "char_end": OFFSET,
}

TOKENS: dict[str, pl.DataType] = {
    "doc_id": ID,
    "section_id": ID,
    "sentence_id": pl.Int32(),
    "position": OFFSET,  # 0-based index of the token within its document
    "token": pl.String(),
    "is_stopword": pl.Boolean(),  # in data/dict/stopwords.txt (function words)
    "is_punct": pl.Boolean(),  # punctuation or symbols only
    "is_number": pl.Boolean(),  # digits, decimals, percentages or Chinese numerals only
    "char_start": OFFSET,  # documents.text[char_start:char_end] == token
    "char_end": OFFSET,
}

#: Values of ``documents.level`` (docs/metadata.md).
LEVELS: tuple[str, ...] = (
    "district", "county", "county_city", "new_area", "dev_zone", "subdistrict", "township", "city", "province", "national",
)
#: The ``documents`` columns read from evidence (workbench.metadata) or given by a manifest row.
METADATA_FIELDS: tuple[str, ...] = (
    "title", "district", "city", "province", "level", "year", "publish_date", "doc_number", "index_number", "publisher",
)

METADATA: dict[str, pl.DataType] = {
    "doc_id": ID,
    "field": pl.String(),  # a documents column: title, district, city, province, level, year, publish_date, …
    "value": pl.String(),  # the value chosen (dates as YYYY-MM-DD)
    "source": pl.String(),  # manifest | chrome | title | signoff | filename | body
    "evidence": pl.String(),  # the text the value was read from, as printed
    "char_start": OFFSET,  # into documents.text where the evidence is in the body, else null
    "char_end": OFFSET,
}

PROBLEMS: dict[str, pl.DataType] = {
    "source_file": pl.String(),
    "severity": pl.String(),  # error (file not used) | warning (used, check it) | info
    "message": pl.String(),
}

#: Reports a notebook leaves out, and why (:func:`workbench.exclusions.excluded_reports`).
EXCLUDED: dict[str, pl.DataType] = {
    "source_file": pl.String(),  # file name in the source folder
    "doc_id": ID,  # null for a file that was not loaded at all
    "reason": pl.String(),  # what is missing, e.g. "no district; no year", "no plans part", "not loaded: …"
}

KINDS: tuple[str, ...] = ("achievements", "shortcomings", "duties", "plans", "other")
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SOURCES: tuple[str, ...] = ("manifest", "chrome", "title", "signoff", "filename", "body")

FRAMES: dict[str, dict[str, pl.DataType]] = {
    "documents": DOCUMENTS,
    "sections": SECTIONS,
    "sentences": SENTENCES,
    "tokens": TOKENS,
    "problems": PROBLEMS,
    "metadata": METADATA,
}


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Return an empty frame with the columns and dtypes of ``schema``."""
    return pl.DataFrame(schema=schema)


def conform(df: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Return ``df`` with exactly the columns of ``schema``, in order, cast to its dtypes.

    Raises
    ------
    ValueError
        If a column of the schema is missing from ``df``.
    """
    if list(df.schema.items()) == list(schema.items()):
        return df  # already so (a chunk's frames as the build made them): nothing to select or cast
    missing = [c for c in schema if c not in df.columns]
    if missing:
        msg = f"conform: frame lacks columns {missing}; has {df.columns}"
        raise ValueError(msg)
    return df.select([pl.col(c).cast(t) for c, t in schema.items()])


def plain(df: pl.DataFrame) -> pl.DataFrame:
    """Return ``df`` with its id columns (every Categorical column) as ``String``: for ``.str``, files and other tools.

    Exports (:mod:`workbench.exports`) write ids through this, so a CSV,
    Excel, Stata or Parquet file holds plain strings.

    Examples
    --------
    >>> df = pl.DataFrame({"doc_id": ["a"], "char_start": [0]}, schema={"doc_id": ID, "char_start": OFFSET})
    >>> plain(df).schema
    Schema([('doc_id', String), ('char_start', Int32)])
    """
    cats = [c for c, t in df.schema.items() if isinstance(t, pl.Categorical)]
    return df.with_columns(pl.col(cats).cast(pl.String)) if cats else df


def plain_schema(schema: dict[str, pl.DataType]) -> dict[str, pl.DataType]:
    """Return ``schema`` with :data:`ID` columns as ``String`` (the schema of :func:`plain` of such a frame)."""
    return {c: pl.String() if isinstance(t, pl.Categorical) else t for c, t in schema.items()}


def check(df: pl.DataFrame, schema: dict[str, pl.DataType], name: str = "frame") -> None:
    """Raise ``ValueError`` unless ``df`` has exactly the columns and dtypes of ``schema``."""
    expected = list(schema.items())
    found = list(df.schema.items())
    if found != expected:
        msg = f"{name}: expected columns {expected}, found {found}"
        raise ValueError(msg)

"""Section and sentence texts held as slices of the documents' text, not as copies.

A section's ``text`` and a sentence's ``text`` are exactly
``documents.text[char_start:char_end]`` of their report. Stored as strings of
their own they are most of a corpus's memory after the tokens (at 5,000
synthetic reports: sections 407 MB, sentences 155 MB, against 155 MB for the
documents' own text; sections nest, so their texts hold the body about 2.6
times over).

Polars keeps strings in Arrow's *string view* layout: each value is a 16-byte
view (its length, its first bytes, and where its bytes are: a data buffer and
an offset in it), and values of 12 bytes or fewer are held in the view itself.
So a slice of a report can point into the report's own bytes. A build makes
sections and sentences without ``text`` but with the UTF-8 byte offsets of
each row in its report (:func:`stored_schema`, from :func:`byte_offsets`,
computed once per batch: less to make, to send from a worker process and to
write); the chunk store (:mod:`.chunks`) writes them so, and a load makes the
column from the documents' text (:func:`read_frame`, :func:`text_views`): 16
bytes a row, whatever the length. A build without the cache adds it the same
way. The values, the dtype (``String``) and every
operation on them are those of an ordinary column; an operation that keeps
only a few rows (a filter) may compact them into a buffer of their own, as
polars does for any view column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import polars as pl

from .. import schemas

if TYPE_CHECKING:
    import pyarrow as pa

#: Values of at most this many bytes are held inside the view (Arrow's string view layout).
INLINE = 12

#: The frames whose ``text`` is a slice of their report's text (``char_start`` to ``char_end``).
SLICED = ("sections", "sentences")


def lean_schema(name: str) -> dict[str, pl.DataType]:
    """A frame's contract as a build makes it: a sliced frame without ``text``."""
    return {c: t for c, t in schemas.FRAMES[name].items() if not (name in SLICED and c == "text")}


def stored_schema(name: str) -> dict[str, pl.DataType]:
    """The columns and dtypes of a frame's Parquet file in a chunk: a sliced frame's text as byte offsets."""
    schema = lean_schema(name)
    if name in SLICED:
        schema.update(byte_start=pl.Int32, byte_end=pl.Int32)
    return schema


def read_frame(name: str, frame: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """A frame as its contract has it, from a chunk's stored frame (a sliced frame's text made from the documents' text)."""
    if name not in SLICED:
        return frame
    if frame["byte_start"].null_count() or frame["byte_end"].null_count():
        msg = f"{name} rows without byte offsets"
        raise ValueError(msg)
    text = text_views(documents["text"], row_documents(frame, documents), frame["byte_start"].to_numpy(), frame["byte_end"].to_numpy())
    return pl.DataFrame([text if c == "text" else frame[c] for c in schemas.FRAMES[name]])  # the contract's columns, in order


def row_documents(frame: pl.DataFrame, documents: pl.DataFrame) -> np.ndarray:
    """For each row of ``frame``, the row of ``documents`` with its ``doc_id`` (int64).

    Raises
    ------
    ValueError
        When a row's ``doc_id`` is not among the documents.
    """
    index = documents.select("doc_id").with_row_index("__row")
    rows = frame.select("doc_id").join(index, on="doc_id", how="left", maintain_order="left")["__row"]
    if rows.null_count():
        missing = frame.filter(rows.is_null())["doc_id"].cast(pl.String).unique(maintain_order=True).head(3).to_list()
        msg = f"rows of doc_ids that are not among the documents: {missing}"
        raise ValueError(msg)
    return rows.to_numpy().astype(np.int64)


def byte_offsets(texts: pl.Series, doc_rows: np.ndarray, char_start: pl.Series, char_end: pl.Series) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 byte offsets, within its document's text, of character spans of the documents.

    Parameters
    ----------
    texts : pl.Series
        The documents' texts (String), in document-row order.
    doc_rows : np.ndarray
        For each span, the row of its document in ``texts``.
    char_start, char_end : pl.Series
        Each span's character offsets into its document's text (no nulls).

    Returns
    -------
    (np.ndarray, np.ndarray)
        Byte start and byte end of each span (int32).

    Examples
    --------
    >>> import numpy as np, polars as pl
    >>> s, e = byte_offsets(pl.Series(["ab中文c", "一"]), np.array([0, 0, 1]), pl.Series([1, 2, 0]), pl.Series([4, 5, 1]))
    >>> s.tolist(), e.tolist()
    ([1, 2, 0], [8, 9, 3])
    """
    if char_start.null_count() or char_end.null_count():
        msg = "spans without character offsets cannot be held as slices"
        raise ValueError(msg)
    doc_rows = np.asarray(doc_rows, dtype=np.int64)
    starts = char_start.to_numpy().astype(np.int64)
    ends = char_end.to_numpy().astype(np.int64)
    chars = texts.str.len_chars().to_numpy().astype(np.int64)
    if ((doc_rows < 0) | (doc_rows >= chars.size)).any() or ((starts < 0) | (ends < starts) | (ends > chars[doc_rows])).any():
        msg = "spans outside their documents' text"
        raise ValueError(msg)
    byte_start = np.empty(doc_rows.size, dtype=np.int32)
    byte_end = np.empty(doc_rows.size, dtype=np.int32)
    order = np.argsort(doc_rows, kind="stable")
    sorted_docs = doc_rows[order]
    first_doc = 0
    for last_doc in [*_blocks(chars), chars.size]:  # a few million characters at a time: memory stays small
        lo, hi = np.searchsorted(sorted_docs, [first_doc, last_doc])
        if hi > lo:
            rows = order[lo:hi]
            data = np.frombuffer("".join(texts.slice(first_doc, last_doc - first_doc).to_list()).encode("utf-8"), dtype=np.uint8)
            first = np.append(np.flatnonzero((data & 0xC0) != 0x80), data.size)  # where each character starts, and the end
            local = chars[first_doc:last_doc]
            char_base = np.concatenate(([0], np.cumsum(local)[:-1]))
            byte_base = first[char_base]
            d = doc_rows[rows] - first_doc
            byte_start[rows] = first[char_base[d] + starts[rows]] - byte_base[d]
            byte_end[rows] = first[char_base[d] + ends[rows]] - byte_base[d]
        first_doc = last_doc
    return byte_start, byte_end


def with_byte_offsets(texts: pl.Series, frames: list[tuple[pl.DataFrame, np.ndarray]]) -> list[pl.DataFrame]:
    """Frames of character spans with the spans' UTF-8 byte offsets added (``byte_start``, ``byte_end``: Int32).

    ``frames`` holds, for each frame (with ``char_start``, ``char_end``),
    each row's document in ``texts``; one :func:`byte_offsets` pass serves them all.

    Examples
    --------
    >>> import numpy as np, polars as pl
    >>> f = pl.DataFrame({"char_start": [1], "char_end": [3]})
    >>> with_byte_offsets(pl.Series(["a中文"]), [(f, np.array([0]))])[0].row(0)
    (1, 3, 1, 7)
    """
    starts = pl.concat([f["char_start"] for f, _ in frames])
    ends = pl.concat([f["char_end"] for f, _ in frames])
    b_start, b_end = byte_offsets(texts, np.concatenate([np.asarray(rows, dtype=np.int64) for _, rows in frames]), starts, ends)
    out, at = [], 0
    for frame, _ in frames:
        n = frame.height
        out.append(frame.with_columns(byte_start=pl.Series(b_start[at : at + n], dtype=pl.Int32), byte_end=pl.Series(b_end[at : at + n], dtype=pl.Int32)))
        at += n
    return out


#: :func:`byte_offsets` converts the documents' characters to bytes this many characters at a time (at least one document).
BLOCK_CHARS = 4_000_000


def _blocks(chars: np.ndarray) -> list[int]:
    """The first document of each block after the first, blocks of about :data:`BLOCK_CHARS` characters."""
    ends = np.cumsum(chars)
    cuts, reached = [], BLOCK_CHARS
    while ends.size and reached < ends[-1]:
        k = int(np.searchsorted(ends, reached, side="right"))
        k = max(k, (cuts[-1] + 1) if cuts else 1)
        if k >= chars.size:
            break
        cuts.append(k)
        reached = int(ends[k - 1]) + BLOCK_CHARS
    return cuts


def _heads(buf: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The :data:`INLINE` bytes of ``buf`` from each start (bytes past the buffer's end are zero)."""
    out = np.zeros((starts.size, INLINE), dtype=np.uint8)
    if buf.size >= INLINE:
        windows = np.lib.stride_tricks.sliding_window_view(buf, INLINE)  # no copy: row i is buf[i:i + 12]
        whole = starts <= buf.size - INLINE
        out[whole] = windows[starts[whole]]
    else:
        whole = np.zeros(starts.size, dtype=bool)
    for i in np.flatnonzero(~whole).tolist():  # the last few bytes of a buffer
        tail = buf[int(starts[i]) : int(starts[i]) + INLINE]
        out[i, : tail.size] = tail
    return out


def text_views(texts: pl.Series, doc_rows: np.ndarray, byte_start: np.ndarray, byte_end: np.ndarray) -> pl.Series:
    """The spans ``texts[doc_rows][byte_start:byte_end]`` (bytes) as a String series that shares the texts' memory.

    Parameters
    ----------
    texts : pl.Series
        The documents' texts (String, no nulls), in document-row order.
    doc_rows, byte_start, byte_end : np.ndarray
        For each span, its document's row and its UTF-8 byte offsets in that
        document's text (from :func:`byte_offsets`).

    Returns
    -------
    pl.Series
        A ``String`` series named ``text``, one value per span. Spans longer
        than :data:`INLINE` bytes point into the documents' bytes; shorter ones
        are held in their views.

    Examples
    --------
    >>> import numpy as np, polars as pl
    >>> docs = pl.Series(["第一部分：基本情况。" * 3, "短"])
    >>> s, e = byte_offsets(docs, np.array([0, 0, 1]), pl.Series([0, 5, 0]), pl.Series([10, 7, 1]))
    >>> text_views(docs, np.array([0, 0, 1]), s, e).to_list()
    ['第一部分：基本情况。', '基本', '短']
    """
    doc_rows = np.asarray(doc_rows, dtype=np.int64)
    starts = np.asarray(byte_start, dtype=np.int64)
    lengths = np.asarray(byte_end, dtype=np.int64) - starts
    docs = texts.rechunk().to_arrow(compat_level=pl.CompatLevel.newest())
    if docs.null_count:
        msg = "documents without text"
        raise ValueError(msg)
    buffers = docs.buffers()
    doc_views = np.frombuffer(buffers[1], dtype=np.uint8).reshape(-1, 16)[docs.offset : docs.offset + len(docs)]
    doc_len = doc_views[:, 0:4].copy().view("=u4")[:, 0].astype(np.int64)
    if ((doc_rows < 0) | (doc_rows >= doc_len.size)).any() or ((starts < 0) | (lengths < 0) | (starts + lengths > doc_len[doc_rows])).any():
        msg = "byte spans outside their documents' text"
        raise ValueError(msg)
    doc_buffer = doc_views[:, 8:12].copy().view("=u4")[:, 0].astype(np.int64)
    doc_offset = doc_views[:, 12:16].copy().view("=u4")[:, 0].astype(np.int64)
    long_doc = doc_len > INLINE
    if (long_doc & (doc_offset + doc_len >= 2**31)).any():  # a view's offset is a signed 32-bit number
        msg = "documents' text lies past 2 GiB in one buffer; their slices cannot be views"
        raise ValueError(msg)
    data = buffers[2:]

    n = doc_rows.size
    head = np.zeros((n, INLINE), dtype=np.uint8)  # each span's first bytes (at most twelve)
    inline_doc = doc_len[doc_rows] <= INLINE
    after = np.zeros(n, dtype=np.uint8)  # the byte after each span (0 at its document's end)
    ends = starts + lengths
    before_end = ends < doc_len[doc_rows]
    if inline_doc.any():  # a document held in its own view: its bytes follow its length
        rows = np.flatnonzero(inline_doc)
        src = doc_views[doc_rows[rows]][:, 4:16]
        pos = np.minimum(starts[rows, None] + np.arange(INLINE), INLINE - 1)
        head[rows] = np.take_along_axis(src, pos, axis=1)
        after[rows] = np.where(before_end[rows], src[np.arange(rows.size), np.minimum(ends[rows], INLINE - 1)], 0)
    in_buffers = np.flatnonzero(~inline_doc)
    which = doc_buffer[doc_rows[in_buffers]]
    if which.size and (np.diff(which) < 0).any():  # rows are in document order, so buffers usually are too
        order = np.argsort(which, kind="stable")
        in_buffers, which = in_buffers[order], which[order]
    cuts = np.flatnonzero(np.diff(which)) + 1  # the spans grouped by the data buffer their bytes are in
    for rows in np.split(in_buffers, cuts):
        if rows.size:
            b = int(doc_buffer[doc_rows[rows[0]]])
            buf = np.frombuffer(data[b], dtype=np.uint8)
            head[rows] = _heads(buf, doc_offset[doc_rows[rows]] + starts[rows])
            inside = rows[before_end[rows]]
            after[inside] = buf[doc_offset[doc_rows[inside]] + ends[inside]]
    continuation = 0x80  # a UTF-8 byte 10xxxxxx continues a character
    if (((head[:, 0] & 0xC0) == continuation) & (lengths > 0)).any() or ((after & 0xC0) == continuation).any():
        msg = "byte spans that start or end inside a character of their documents' text"
        raise ValueError(msg)
    head *= np.arange(INLINE) < np.minimum(lengths, INLINE)[:, None]  # bytes past a value's end are zero
    words = head.view("=i4")  # (n, 3): the first, second and third four bytes
    short = lengths <= INLINE
    views = np.empty((n, 4), dtype="=i4")  # Arrow's view (native byte order): length, then inline bytes or prefix, buffer, offset
    views[:, 0] = lengths
    views[:, 1] = words[:, 0]
    views[:, 2] = np.where(short, words[:, 1], doc_buffer[doc_rows])
    views[:, 3] = np.where(short, words[:, 2], doc_offset[doc_rows] + starts)
    import pyarrow as pa  # here: a worker process, which makes no views, need not import it

    array = pa.Array.from_buffers(pa.string_view(), n, [None, pa.py_buffer(views), *data])
    array.validate()  # the layout's shape; bounds and character boundaries are checked above
    return pl.Series(_ArrowArray(array)).alias("text")


class _ArrowArray:
    """An Arrow array handed to polars through the Arrow PyCapsule interface (zero-copy).

    ``pl.from_arrow`` would import ``pyarrow.compute`` on first use (a tenth of
    a second in every process, a quarter of a cached load of 1,000 reports).
    """

    def __init__(self, array: pa.Array) -> None:
        self.array = array

    def __arrow_c_array__(self, requested_schema: object = None) -> tuple[object, object]:
        return self.array.__arrow_c_array__(requested_schema)

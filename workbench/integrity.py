"""Checksums for the Parquet cache: recorded when a file is written, checked when it is read.

The cache under ``data/processed/`` is only trusted as far as it can be
checked. Every Parquet file is written through :func:`write_parquet`, which
returns its checksum, byte size and row count; the writer records them (a
chunk in its ``check.json``, a corpus record in its ``meta.json``), and a
record is itself written with :func:`write_record`, which adds a checksum of
its own content. :func:`read_parquet` and :func:`read_record` refuse, with
:class:`Damaged`, a file whose bytes differ from what was recorded: a flipped
byte, a truncated file, an edited list. The caller then rebuilds what the
file held (``workbench.corpus``) and says so in ``problems``.

This guards against accidents (a disk error, a killed copy, an editor, a
sync tool), not against someone who rewrites both a file and its record.
"""

from __future__ import annotations

import hashlib
import io
import json
import mmap
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable

import polars as pl

#: The checksum recorded for each file (hashlib name).
ALGORITHM = "sha256"


class Damaged(ValueError):
    """A cache file or record does not match what was recorded when it was written; ``str(err)`` says which and how."""


def checksum(data: bytes) -> str:
    """Checksum of ``data`` (:data:`ALGORITHM`, hex).

    Examples
    --------
    >>> checksum(b"abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.new(ALGORITHM, data).hexdigest()


def write_parquet(frame: pl.DataFrame, path: Path, **options) -> dict:
    """Write ``frame`` to ``path`` as Parquet and return what :func:`read_parquet` will check.

    Returns
    -------
    dict
        ``{"checksum": str, "bytes": int, "rows": int}``.
    """
    buf = io.BytesIO()
    frame.write_parquet(buf, **options)
    data = buf.getvalue()
    path.write_bytes(data)
    return {"checksum": checksum(data), "bytes": len(data), "rows": frame.height}


def verify(path: Path, expected: object, *, what: str) -> None:
    """Check a file's size and checksum against what :func:`write_parquet` recorded (read through ``mmap``, no copy).

    Parameters
    ----------
    path : Path
        The file.
    expected : dict
        What :func:`write_parquet` returned for it (from a record; checked to be well-formed).
    what : str
        How to name the file's owner in a message, e.g. ``"cache: chunk 1a2b3c4d5e6f"``.

    Raises
    ------
    Damaged
        No valid record, missing or unreadable, wrong size, wrong checksum.
    """
    if not (isinstance(expected, dict) and isinstance(expected.get("checksum"), str) and isinstance(expected.get("bytes"), int)):
        msg = f"{what}: no valid checksum recorded for {path.name}"
        raise Damaged(msg)
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size != expected["bytes"]:
                msg = f"{what}: {path.name} has {size} bytes, {expected['bytes']} were written"
                raise Damaged(msg)
            if size == 0:
                digest = checksum(b"")
            else:
                with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as view:
                    digest = hashlib.new(ALGORITHM, view).hexdigest()
    except OSError as err:
        msg = f"{what}: {path.name} cannot be read ({err.__class__.__name__}: {err.strerror or err})"
        raise Damaged(msg) from err
    if digest != expected["checksum"]:
        msg = f"{what}: {path.name} does not match its checksum (its bytes changed after it was written)"
        raise Damaged(msg)


def verify_many(jobs: list[tuple[Path, object, str]]) -> None:
    """:func:`verify` for (path, expected, what) in turn (run it in a thread beside the Parquet reader: hashing releases the GIL)."""
    for path, expected, what in jobs:
        verify(path, expected, what=what)


def read_parquet(path: Path, expected: object, *, what: str) -> pl.DataFrame:
    """Read a Parquet file written by :func:`write_parquet`, after :func:`verify`; its row count is checked too.

    Raises
    ------
    Damaged
        As :func:`verify`, or unreadable as Parquet, or a different number of rows.
    """
    verify(path, expected, what=what)
    try:
        frame = pl.read_parquet(path)
    except (OSError, ValueError, pl.exceptions.PolarsError) as err:
        msg = f"{what}: {path.name} matches its checksum but cannot be read ({err.__class__.__name__})"
        raise Damaged(msg) from err
    if frame.height != expected.get("rows"):
        msg = f"{what}: {path.name} has {frame.height} rows, {expected.get('rows')} were written"
        raise Damaged(msg)
    return frame


#: A record file opens with its checksum: ``{"checksum":"<hex>",`` then the rest of the record's JSON.
_HEAD = '{"checksum":"'


def write_record(path: Path, info: dict) -> None:
    """Write a JSON record (a non-empty dict without ``"checksum"``) that carries the checksum of its own bytes.

    The file is one JSON object whose first member is ``"checksum"``: the
    checksum of the object written without it, byte for byte, so checking it
    needs no second serialisation.
    """
    body = json.dumps(info, ensure_ascii=False)
    if "checksum" in info or not body.startswith("{") or body == "{}":
        msg = f"write_record: expected a non-empty dict without 'checksum', got {sorted(info)}"
        raise ValueError(msg)
    data = body.encode("utf-8")
    path.write_bytes(f'{_HEAD}{checksum(data)}",'.encode() + data[1:])


def read_record(path: Path, *, what: str) -> dict:
    """Read a record written by :func:`write_record`, checking its bytes against the checksum it opens with.

    Raises
    ------
    Damaged
        Not a record (no checksum first), its bytes do not match the checksum, not JSON, or not an object.
    OSError
        The file cannot be read (e.g. it does not exist).
    """
    data = path.read_bytes()
    head = _HEAD.encode()
    n = len(checksum(b""))
    end = len(head) + n
    if not data.startswith(head) or data[end : end + 2] != b'",':
        msg = f"{what}: {path.name} does not start with its checksum (it was edited or damaged)"
        raise Damaged(msg)
    if checksum(b"{" + data[end + 2 :]) != data[len(head) : end].decode("ascii", errors="replace"):
        msg = f"{what}: {path.name} does not match its checksum (it was edited or damaged)"
        raise Damaged(msg)
    try:
        info = json.loads(data.decode("utf-8"))
    except ValueError as err:  # UnicodeDecodeError too
        msg = f"{what}: {path.name} is not valid JSON ({err})"
        raise Damaged(msg) from err
    if not isinstance(info, dict):
        msg = f"{what}: {path.name} holds {type(info).__name__}, not a record"
        raise Damaged(msg)
    return info


# ----------------------------------------------------------------------------- folders
#
# Cache folders are created under a temporary name and renamed into place, and
# removed by renaming them aside first, so a concurrent reader sees a whole
# folder or none, and two builds never delete files under each other.

TMP_MARK, TRASH_MARK = ".tmp-", ".trash-"


def remove(folder: Path) -> None:
    """Delete a folder: renamed aside (atomically) first, then removed; a folder already gone is fine."""
    trash = folder.with_name(f"{folder.name}{TRASH_MARK}{os.getpid()}-{os.urandom(4).hex()}")
    try:
        os.rename(folder, trash)
    except OSError:
        return  # gone (another build removed it) or not ours to change
    shutil.rmtree(trash, ignore_errors=True)


def put_in_place(tmp: Path, folder: Path, *, valid: Callable[[Path], bool]) -> None:
    """Rename the finished folder ``tmp`` to ``folder``; safe against concurrent builds.

    A folder already there that ``valid`` accepts is kept (another build
    wrote the same content: a folder's name is its content's key) and ``tmp``
    is left for the caller to delete; one that it refuses (damaged) is set
    aside and replaced. Raises the last ``OSError`` when ``tmp`` cannot be
    put in place and no valid folder is there.
    """
    last: OSError | None = None
    for _ in range(5):
        try:
            os.replace(tmp, folder)
            return
        except OSError as err:
            last = err
        if folder.is_dir() and valid(folder):
            return
        if folder.exists():
            remove(folder)  # damaged: aside, then ours (or it vanished meanwhile: try again)
    if folder.is_dir() and valid(folder):
        return
    raise last if last is not None else OSError(f"cannot put {folder} in place")


def sweep(folders: list[Path], *, older_than: float) -> None:
    """Remove temporary and set-aside folders (``*.tmp-*``, ``*.trash-*``) in ``folders`` older than ``older_than`` seconds.

    They are what a killed build leaves behind; the grace period keeps a
    running build's temporary folder.
    """
    now = time.time()
    for parent in folders:
        try:
            entries = list(os.scandir(parent))
        except OSError:
            continue
        for entry in entries:
            if TMP_MARK not in entry.name and TRASH_MARK not in entry.name:
                continue
            try:
                if now - entry.stat(follow_symlinks=False).st_mtime > older_than:
                    shutil.rmtree(entry.path, ignore_errors=True)
            except OSError:
                continue


def unwritable(folder: Path) -> str | None:
    """Why ``folder`` cannot hold a cache (it cannot be created, or a file cannot be written in it), or None."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder) as fh:
            fh.write(b"x" * 4096)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as err:
        return f"{err.__class__.__name__}: {err.strerror or err}"
    return None

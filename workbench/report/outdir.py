"""The output folder of ``workbench report``: what it wrote before, and what it may replace.

``workbench report`` never deletes a file it did not write. It keeps a record
of the files it wrote, per notebook, in ``<out>/.workbench-report.json``; a
later build replaces only files of that record (and of the notebooks it
renders again), and leaves every other file in the folder alone: a
researcher's ``notes.md`` or ``thesis/`` survive, and ``--only 01`` keeps the
pages and figures of the other notebooks.

A folder with files that the report neither recorded nor would write
(``index.html``, ``NN_name.html``, ``NN_name.paper.html``,
``figures/NN_name/…``) is refused as ``--out`` the first time, unless
``force=True`` (``--force``): the files stay, the report is written beside them.

Staging folders left by an interrupted build (``.<out>.staging-<pid>`` whose
process is gone) are removed at the next build.

Examples
--------
>>> is_report_file("figures/01_keywords/keyness_target.svg")
True
>>> is_report_file("thesis/chapter1.docx")
False
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

#: File in the output folder that lists what the report wrote (JSON).
RECORD_NAME = ".workbench-report.json"
#: Record format version.
RECORD_VERSION = 1
#: Key of the files that belong to no notebook (``index.html``).
INDEX_KEY = "_index"

_REPORT_FILE = re.compile(
    r"^(index\.html|[^/]+\.html|figures/[^/]+/[^/]+\.(svg|png)|\.gitkeep)$"
)


class OutFolderError(RuntimeError):
    """The output folder cannot be used (unknown files without ``--force``, unreadable record)."""


def is_report_file(relpath: str) -> bool:
    """Whether ``relpath`` (POSIX, relative to the output folder) is a name the report writes.

    Examples
    --------
    >>> is_report_file("01_keywords.paper.html"), is_report_file("notes.md")
    (True, False)
    """
    return bool(_REPORT_FILE.match(relpath))


def read_record(out: Path) -> dict | None:
    """The record of what the report wrote into ``out``; ``None`` if there is none.

    Raises
    ------
    OutFolderError
        If the record exists but is not a record this version wrote (then no
        file can be known to be the report's; remove the record by hand, or
        choose another ``--out``).
    """
    path = out / RECORD_NAME
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        msg = f"{path}: unreadable record of the report's files ({err}); delete it and rerun with --force"
        raise OutFolderError(msg) from err
    if (
        not isinstance(data, dict)
        or data.get("version") != RECORD_VERSION
        or not isinstance(data.get("notebooks"), dict)
        or not all(isinstance(v, dict) and isinstance(v.get("files"), list) for v in data["notebooks"].values())
    ):
        msg = (
            f"{path}: not a record of workbench report version {RECORD_VERSION} "
            "(expected {'version': 1, 'notebooks': {name: {'files': [...]}}}); delete it and rerun with --force"
        )
        raise OutFolderError(msg)
    return data


def recorded_files(record: dict | None) -> set[str]:
    """Every file (relative POSIX path) the record lists."""
    if not record:
        return set()
    return {f for entry in record["notebooks"].values() for f in entry["files"] if isinstance(f, str)}


def _all_files(out: Path) -> list[str]:
    if not out.exists():
        return []
    return sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*") if (p.is_file() or p.is_symlink()) and p.name != RECORD_NAME
    )


def unknown_files(out: Path, record: dict | None) -> list[str]:
    """Files in ``out`` that the report did not record and would not write.

    With a record, every file not in it is unknown to the record, but only
    files with report names are ever replaced; without a record, files with
    report names are adopted (an earlier version's reports) and the rest are
    unknown.

    Returns
    -------
    list of str
        Relative POSIX paths, sorted.
    """
    known = recorded_files(record)
    return [f for f in _all_files(out) if f not in known and not is_report_file(f)]


def check_out_folder(out: Path, *, force: bool) -> dict | None:
    """The record of ``out``, after checking the folder may be written to.

    Raises
    ------
    OutFolderError
        ``out`` exists, is not a folder; or it has no record and holds files
        the report would not write, and ``force`` is false.
    """
    if out.exists() and not out.is_dir():
        msg = f"--out {out}: exists and is not a folder; choose a folder"
        raise OutFolderError(msg)
    record = read_record(out)
    if record is None and not force:
        unknown = unknown_files(out, None)
        if unknown:
            shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
            msg = (
                f"--out {out}: the folder holds files the report did not write ({shown}); "
                "they would be kept, but to be sure this is the folder you mean, choose an empty or new "
                "folder, or rerun with --force to write the reports beside them"
            )
            raise OutFolderError(msg)
    return record


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_staging(out: Path) -> list[Path]:
    """Remove ``.<out>.staging-<pid>`` and ``.<out>.old-<pid>`` folders whose process has ended.

    Returns
    -------
    list of pathlib.Path
        The folders removed.
    """
    removed = []
    if not out.parent.exists():
        return removed
    pattern = re.compile(rf"^\.{re.escape(out.name)}\.(staging|old)-(\d+)$")
    for p in sorted(out.parent.iterdir()):
        m = pattern.match(p.name)
        if m and p.is_dir() and not p.is_symlink() and int(m.group(2)) != os.getpid() and not _pid_alive(int(m.group(2))):
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
    return removed


def _write_record(out: Path, record: dict) -> None:
    tmp = out / f".{RECORD_NAME}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, out / RECORD_NAME)


def publish(staging: Path, out: Path, *, record: dict | None, written: dict[str, dict]) -> dict:
    """Move the files rendered in ``staging`` into ``out``; drop only the rendered notebooks' old files.

    Parameters
    ----------
    staging : pathlib.Path
        Folder holding the new files (same layout as ``out``).
    out : pathlib.Path
        The output folder (created if missing).
    record : dict or None
        The record read before the build.
    written : dict
        ``{notebook name or INDEX_KEY: {"files": [relative paths], ...}}`` for
        what this build rendered; each entry replaces the record's entry.

    Returns
    -------
    dict
        The new record, also written to ``out``.
    """
    out.mkdir(parents=True, exist_ok=True)
    old = {k: dict(v) for k, v in (record or {"notebooks": {}})["notebooks"].items()}
    for name, entry in written.items():
        for rel in entry["files"]:
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, target)
        new_files = set(entry["files"])
        for rel in old.get(name, {}).get("files", []):
            target = out / rel
            # a file this notebook wrote before and does not write now (a figure renamed or removed)
            if rel not in new_files and is_report_file(rel) and (target.is_file() or target.is_symlink()):
                target.unlink()
    notebooks = {**old, **written}
    new_record = {"version": RECORD_VERSION, "notebooks": notebooks}
    _write_record(out, new_record)
    for d in sorted((p for p in (out / "figures").glob("*") if p.is_dir()), reverse=True) if (out / "figures").exists() else []:
        if not any(d.iterdir()):
            d.rmdir()
    return new_record

"""The manifest reader: ``data/manifest.csv`` rows that override inferred metadata."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from .resolve import FIELDS

class ManifestError(ValueError):
    """``data/manifest.csv`` is malformed; the message names the row and field."""


def read_manifest(path: Path) -> dict[str, dict[str, object]]:
    """Read ``data/manifest.csv``: one row per file, columns ``source_file`` and any of :data:`FIELDS`.

    Empty cells do not override. ``year`` must be an integer, ``publish_date``
    an ISO date (YYYY-MM-DD).

    Raises
    ------
    ManifestError
        Unknown column, missing ``source_file``, a bad year or date; the
        message names the line and the field.

    Examples
    --------
    A manifest that fixes one report's district and year::

        source_file,district,year
        002_7456ba8b65555133.txt,上城区,2021
    """
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = reader.fieldnames or []
        if "source_file" not in columns:
            msg = f"{path.name}: expected a 'source_file' column, found {columns}"
            raise ManifestError(msg)
        unknown = [c for c in columns if c != "source_file" and c not in FIELDS]
        if unknown:
            msg = f"{path.name}: unknown columns {unknown}; allowed: source_file, {', '.join(FIELDS)}"
            raise ManifestError(msg)
        out: dict[str, dict[str, object]] = {}
        for lineno, row in enumerate(reader, start=2):
            name = (row.get("source_file") or "").strip()
            if not name:
                msg = f"{path.name} line {lineno}: empty source_file"
                raise ManifestError(msg)
            values: dict[str, object] = {}
            for key in FIELDS:
                raw = (row.get(key) or "").strip()
                if not raw:
                    continue
                if key == "year":
                    if not raw.isdigit():
                        msg = f"{path.name} line {lineno}: year '{raw}' is not a whole number"
                        raise ManifestError(msg)
                    values[key] = int(raw)
                elif key == "publish_date":
                    try:
                        values[key] = dt.date.fromisoformat(raw)
                    except ValueError:
                        msg = f"{path.name} line {lineno}: publish_date '{raw}' is not YYYY-MM-DD"
                        raise ManifestError(msg) from None
                else:
                    values[key] = raw
            out[name] = values
    return out

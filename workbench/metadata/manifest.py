"""The manifest reader lives in :mod:`workbench.manifest` (strict CSV parsing); its names are re-exported here."""

from __future__ import annotations

from ..manifest import CITATION_FIELDS, COLUMNS, Manifest, ManifestError, read_manifest

__all__ = ["CITATION_FIELDS", "COLUMNS", "Manifest", "ManifestError", "read_manifest"]

"""Document metadata from ranked evidence, with its provenance.

For each report, every source that could say a field's value is read
(:mod:`.evidence`: the manifest, the page chrome, the title, the sign-off,
the file name, the body's first lines), places are read as whole
administrative names (:mod:`.gazetteer`), and one value per field is chosen
(:mod:`.resolve`). The chosen values become the ``documents`` columns; the
evidence they rest on becomes the ``metadata`` frame; a field whose evidence
is missing or disagrees is left null with a warning.

See docs/metadata.md for the evidence order, the levels and the measured
accuracy on real reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..cleaning import SIGNOFF
from ..manifest import CITATION_FIELDS, ManifestError, read_manifest
from ..schemas import LEVELS, SOURCES
from .evidence import Candidate, candidates, parse_date
from .gazetteer import UNIT_LEVELS, Place, parse_subject
from .resolve import FIELDS, resolve

__all__ = [
    "CITATION_FIELDS",
    "FIELDS",
    "LEVELS",
    "SOURCES",
    "Inferred",
    "ManifestError",
    "Place",
    "UNIT_LEVELS",
    "infer",
    "infer_report",
    "parse_date",
    "parse_subject",
    "read_manifest",
]


@dataclass
class Inferred:
    """Metadata of one report: the values, the evidence rows and the warnings."""

    values: dict[str, object]
    evidence: list[Candidate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def infer_report(
    *,
    title: str | None,
    body: str,
    chrome: list[str] | None = None,
    signoff: list[str] | None = None,
    source_file: str = "",
    manifest_row: dict[str, object] | None = None,
) -> Inferred:
    """Metadata of one report from all its evidence.

    Parameters
    ----------
    title : str or None
        The title line found by cleaning.
    body : str
        The cleaned body (``documents.text``); body evidence offsets point here. It is
        read as given: convert traditional characters first (``load_corpus`` does);
        the title, chrome and sign-off are converted here.
    chrome : list of str
        The page's metadata lines (sign-off lines may be among them).
    signoff : list of str
        The sign-off lines (issuer, date) cleaning moved out of the body.
    source_file : str
        The file's name, read as evidence too.
    manifest_row : dict
        The file's row of ``data/manifest.csv``, if any.

    Returns
    -------
    Inferred

    Examples
    --------
    >>> m = infer_report(title="河北省唐山市路北区人民政府关于2023年度法治政府建设情况的报告",
    ...                  body="2023年,路北区坚持……", chrome=["发布时间:2024-03-28 09:18"])
    >>> [m.values[k] for k in ("district", "city", "province", "level", "year", "publish_date")]
    ['路北区', '唐山市', '河北省', 'district', 2023, datetime.date(2024, 3, 28)]
    >>> [(c.field, c.source, c.evidence) for c in m.evidence if c.field in ("district", "year")]
    [('district', 'title', '河北省唐山市路北区'), ('year', 'title', '2023年度')]
    """
    from ..readers import to_simplified  # as the readers do (load_corpus has done it already)

    title = to_simplified(title) if title else title
    signoff = [to_simplified(line) for line in signoff or []]
    chrome_only = [line for line in (to_simplified(x) for x in chrome or []) if line not in signoff]
    cands = candidates(title=title, body=body, chrome=chrome_only, signoff=signoff, source_file=source_file, manifest_row=manifest_row)
    values, chosen, warnings = resolve(cands, body)
    return Inferred(values=values, evidence=chosen, warnings=warnings)


def infer(title: str | None, body: str, chrome: list[str], *, source_file: str = "") -> dict[str, object]:
    """The values of :func:`infer_report` alone (a shortcut for small texts).

    Examples
    --------
    >>> m = infer("杭州市拱墅区人民政府关于2024年度法治政府建设情况的报告", "2024年,拱墅区坚持……", ["发布日期: 2025-02-07"])
    >>> m["district"], m["city"], m["province"], m["year"], m["publish_date"]
    ('拱墅区', '杭州市', '浙江省', 2024, datetime.date(2025, 2, 7))
    """
    signoff: list[str] = []
    for line in reversed(chrome):  # sign-off lines that cleaning moved to the chrome's end
        if not SIGNOFF.fullmatch(line):
            break
        signoff.insert(0, line)
    return infer_report(title=title, body=body, chrome=chrome, signoff=signoff, source_file=source_file).values


"""The CJK font used for exported figures and HTML reports: where it comes from, how it is used.

Exported SVG/PNG figures are drawn by ``vl-convert``, which bundles only
Liberation Sans: without a CJK font every Chinese character would come out as a
box ("tofu"). The font therefore comes from a Python package that the project
depends on, so every fresh set-up has it:

* ``noto-cjk-sans-otc`` (PyPI, SIL Open Font License 1.1) ships Google's
  *Noto Sans CJK* Regular collection ``NotoSansCJK-Regular.ttc``, whose
  Simplified-Chinese face is the family :data:`CJK_FAMILY`
  (``"Noto Sans CJK SC"``), the first family of
  :data:`workbench.charts.theme.FONT`.

The same font is embedded, cut down to the characters a page uses, in every
HTML report (:func:`font_face_css`), so Chinese shows as glyphs in any browser.

A different folder can be used by setting the environment variable
``WORKBENCH_CJK_FONT_DIR`` to a folder holding a font of the same family
(e.g. ``/usr/share/fonts/opentype/noto`` from Debian's ``fonts-noto-cjk``).

Examples
--------
>>> from workbench import fonts
>>> fonts.CJK_FAMILY
'Noto Sans CJK SC'
>>> fonts.cjk_font_path().name
'NotoSansCJK-Regular.ttc'
"""

from __future__ import annotations

import os
from pathlib import Path

#: Font family that the chart theme asks for first and that figure export registers.
CJK_FAMILY = "Noto Sans CJK SC"
#: Environment variable naming an alternative folder with a CJK font.
FONT_DIR_ENV = "WORKBENCH_CJK_FONT_DIR"
#: File names accepted as the CJK font, in order of preference.
FONT_FILES = ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansCJK-VF.otf.ttc")

_registered: Path | None = None


class FontError(RuntimeError):
    """No usable CJK font was found for figure export."""


def _candidate_dirs() -> list[Path]:
    dirs: list[Path] = []
    env = os.environ.get(FONT_DIR_ENV)
    if env:
        dirs.append(Path(env))
    try:
        import noto_cjk_sans_otc
    except ImportError:
        pass
    else:
        dirs.append(Path(str(noto_cjk_sans_otc.FONT_PATH)).parent)
    return dirs


def cjk_font_path() -> Path:
    """Path of the CJK font file used for figure export.

    Looks in ``$WORKBENCH_CJK_FONT_DIR`` first, then in the package
    ``noto-cjk-sans-otc``.

    Returns
    -------
    pathlib.Path
        An existing font file (``.ttc`` or ``.otf``) whose family includes
        :data:`CJK_FAMILY`.

    Raises
    ------
    FontError
        If no such file exists; the message names the package to install.

    Examples
    --------
    >>> cjk_font_path().suffix
    '.ttc'
    """
    searched = _candidate_dirs()
    for folder in searched:
        for name in FONT_FILES:
            path = folder / name
            if path.is_file():
                return path
    where = ", ".join(str(d) for d in searched) or "nowhere (package not installed, variable not set)"
    msg = (
        f"cjk_font_path: no CJK font for figure export; expected one of {', '.join(FONT_FILES)} "
        f"(family '{CJK_FAMILY}'), searched {where}. Without it Chinese text in exported "
        f"SVG/PNG figures is drawn as boxes. Fix: `.venv/bin/pip install noto-cjk-sans-otc` "
        f"(installed by `make setup`), or set {FONT_DIR_ENV} to a folder holding NotoSansCJK-Regular.ttc."
    )
    raise FontError(msg)


def register_cjk_font() -> Path:
    """Register the CJK font with ``vl-convert`` (once per process) and return its path.

    Call before ``vl_convert.vegalite_to_png``/``_svg``; :func:`workbench.notebook.figure`
    does it for you.

    Returns
    -------
    pathlib.Path
        The registered font file, see :func:`cjk_font_path`.

    Raises
    ------
    FontError
        If no CJK font can be found.

    Examples
    --------
    >>> register_cjk_font().name
    'NotoSansCJK-Regular.ttc'
    """
    global _registered
    if _registered is None:
        import vl_convert as vlc

        path = cjk_font_path()
        vlc.register_font_directory(str(path.parent))
        _registered = path
    return _registered


def _face_index(path: Path) -> int:
    """Index of the :data:`CJK_FAMILY` face inside a collection (0 for a single font)."""
    from fontTools.ttLib import TTCollection

    with path.open("rb") as fh:
        if fh.read(4) != b"ttcf":
            return 0
    collection = TTCollection(str(path), lazy=True)
    for i, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == CJK_FAMILY:
            return i
    msg = f"_face_index: {path} holds no face of family '{CJK_FAMILY}'"
    raise FontError(msg)


def font_face_css(text: str) -> str:
    """A CSS ``@font-face`` rule embedding :data:`CJK_FAMILY`, cut down to the characters of ``text``.

    HTML reports embed it so that Chinese shows as glyphs in any browser, also
    on machines without a CJK font, and without loading anything. The subset
    (WOFF, zlib) holds only the characters that occur in ``text`` plus printable
    ASCII: a few hundred Chinese characters take roughly 100–300 KB.

    Parameters
    ----------
    text : str
        All text that the page may show (e.g. the page's HTML source).

    Returns
    -------
    str
        ``@font-face { font-family: "Noto Sans CJK SC"; src: url(data:font/woff;base64,...) }``.

    Raises
    ------
    FontError
        If no CJK font can be found.

    Examples
    --------
    >>> css = font_face_css("法治政府")
    >>> css.startswith('@font-face { font-family: "Noto Sans CJK SC";')
    True
    """
    import base64
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    path = cjk_font_path()
    codepoints = {ord(c) for c in text if ord(c) > 126} | set(range(32, 127))
    font = TTFont(str(path), fontNumber=_face_index(path), lazy=False)
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'@font-face {{ font-family: "{CJK_FAMILY}"; font-style: normal; font-weight: 400; '
        f'src: url(data:font/woff;base64,{data}) format("woff"); }}'
    )

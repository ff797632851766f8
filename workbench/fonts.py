"""The CJK font used for exported figures: where it comes from and how it is registered.

Exported SVG/PNG figures are drawn by ``vl-convert``, which bundles only
Liberation Sans: without a CJK font every Chinese character would come out as a
box ("tofu"). The font therefore comes from a Python package that the project
depends on, so every fresh set-up has it:

* ``noto-cjk-sans-otc`` (PyPI, SIL Open Font License 1.1) ships Google's
  *Noto Sans CJK* Regular collection ``NotoSansCJK-Regular.ttc``, whose
  Simplified-Chinese face is the family :data:`CJK_FAMILY`
  (``"Noto Sans CJK SC"``), the first family of
  :data:`workbench.charts.theme.FONT`.

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

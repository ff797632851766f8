"""The one workbench theme for Altair charts: fonts that cover Chinese, sizes, colours.

The first family of :data:`FONT`, ``"Noto Sans CJK SC"``, is exactly the family
that :mod:`workbench.fonts` registers with vl-convert for figure export (from the
``noto-cjk-sans-otc`` package) and embeds in the HTML reports; the others are
fallbacks for browsers that have another CJK font installed.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable

import altair as alt

#: Font size of axis labels in the theme (pixels).
LABEL_SIZE = 12

#: Font stack for chart text; the first family is the one registered for figure export
#: (``workbench.fonts.CJK_FAMILY``, checked by tests/test_figures.py).
FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, WenQuanYi Micro Hei, PingFang SC, Microsoft YaHei, sans-serif"


@alt.theme.register("workbench", enable=True)
def workbench_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "title": {"font": FONT, "fontSize": 15, "anchor": "start"},
            "axis": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12, "titleFontSize": 12},
            "legend": {"labelFont": FONT, "titleFont": FONT},
            "header": {"labelFont": FONT, "titleFont": FONT, "labelFontSize": 12},
            "view": {"continuousWidth": 400, "continuousHeight": 300, "stroke": None},
            "range": {"category": {"scheme": "tableau10"}},
        }
    }


def label_extent(labels: Iterable[str], *, font_size: int = LABEL_SIZE, limit: int = 160) -> int:
    """Pixels a y axis needs for ``labels``: for ``alt.Axis(minExtent=...)`` on faceted charts.

    In the browser, Vega lays out a faceted chart with independent y scales
    without the measured width of the labels, so long Chinese labels of the
    first column are cut at the chart's left edge (the figures exported by
    vl-convert are right). Reserving the width explicitly fixes the page. A
    wide (CJK) character counts one em, any other 0.6 em, plus 10 pixels for
    the tick and padding; at most ``limit`` (the axis ``labelLimit``) + 10.

    Examples
    --------
    >>> label_extent(["数字法治", "普法"])
    58
    >>> label_extent(["AT&T"])
    39
    """
    def width(text: str) -> float:
        return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in str(text)) * font_size

    widest = max((width(t) for t in labels), default=0.0)
    return int(math.ceil(min(widest, limit))) + 10


def term_axis(labels: Iterable[str], *, limit: int = 160) -> alt.Axis:
    """The y axis of a faceted bar chart of terms: labels up to ``limit`` pixels, their room reserved.

    See :func:`label_extent` for why the room is reserved explicitly.
    """
    return alt.Axis(labelLimit=limit, minExtent=label_extent(labels, limit=limit))

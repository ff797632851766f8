"""The one workbench theme for Altair charts: fonts that cover Chinese, sizes, colours.

The first family of :data:`FONT`, ``"Noto Sans CJK SC"``, is exactly the family
that :mod:`workbench.fonts` registers with vl-convert for figure export (from the
``noto-cjk-sans-otc`` package) and embeds in the HTML reports; the others are
fallbacks for browsers that have another CJK font installed.
"""

from __future__ import annotations

import altair as alt

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

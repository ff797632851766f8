"""Altair chart helpers. Each takes a finished result frame and returns an ``alt.Chart``.

They compute no statistics and save nothing. Importing this package registers
and enables the workbench theme (fonts that cover Chinese), see
:mod:`workbench.charts.theme`.
"""

from . import theme  # noqa: F401  (registers the theme)
from .errors import NothingToDraw  # noqa: F401
from .indicators import *  # noqa: F401,F403
from .keywords import *  # noqa: F401,F403
from .topics import *  # noqa: F401,F403

"""The one error the chart helpers raise for data, not for a wrong argument."""

from __future__ import annotations

__all__ = ["NothingToDraw"]


class NothingToDraw(ValueError):
    """The frame has no row to draw (a corpus without the figure, the indicator or the year asked for).

    A :class:`ValueError`, so code that catches that keeps working.
    :func:`workbench.notebook.figure` given a function that raises it shows
    the message in place of the chart, so a notebook runs on to its end on a
    corpus that lacks what one chart needs.

    Examples
    --------
    >>> issubclass(NothingToDraw, ValueError)
    True
    """

"""What every part of :mod:`workbench.report` shares: the error, the result record, constants."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

#: Tag of the cell holding a notebook's default parameters (papermill convention).
PARAMETERS_TAG = "parameters"
#: Kernel used to run notebooks (the Python of this environment).
KERNEL_NAME = "python3"
#: Seconds a single cell may run before the build is stopped.
CELL_TIMEOUT = 600


class ReportError(RuntimeError):
    """A notebook failed or the reports could not be written."""


@dataclass
class Built:
    """One rendered notebook: its name, output files and figures."""

    name: str
    html: Path
    paper: Path
    figures: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    parameters: dict[str, object] = field(default_factory=dict)
    title: str = ""
    #: Set for a notebook not rendered in this build (``--only``): when and from which source it was.
    kept_from: str = ""

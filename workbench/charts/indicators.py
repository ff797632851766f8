"""Chart helpers for workbench.indicators results."""

from __future__ import annotations

__all__: list[str] = []

"""Chart helpers for workbench.keywords results."""

from __future__ import annotations

__all__: list[str] = []

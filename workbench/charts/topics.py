"""Chart helpers for workbench.topics results."""

from __future__ import annotations

__all__: list[str] = []

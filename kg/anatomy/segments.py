"""Spinal segments in cranio-caudal order, read from their codes (C1 … Co1).

Example:
    >>> sorted(["S1", "T12", "L5", "Co1"], key=segment_position)
    ['T12', 'L5', 'S1', 'Co1']
"""

from __future__ import annotations

import re

__all__ = ["segment_position"]

_SEGMENT_REGIONS = ("C", "T", "L", "S", "Co")


def segment_position(code: str) -> tuple[int, int] | None:
    """Where a spinal segment code (C1 … Co1) falls, cranial to caudal; None if not a code.

    Example:
        >>> sorted(["S1", "T12", "L5", "Co1"], key=segment_position)
        ['T12', 'L5', 'S1', 'Co1']
    """
    found = re.fullmatch(r"(Co|[CTLS])(\d+)", code)
    if not found:
        return None
    return (_SEGMENT_REGIONS.index(found.group(1)), int(found.group(2)))

"""Size limits on what the importer will read, and how an oversize item is reported.

One item (a file, a zip member, an upload) is refused above ``DEFAULT_MAX_ITEM_BYTES``; a
zip's members together are refused above ``ARCHIVE_TOTAL_FACTOR`` times that, so a small
archive cannot expand into gigabytes.
"""

from __future__ import annotations

DEFAULT_MAX_ITEM_BYTES = 5 * 1024 * 1024
ARCHIVE_TOTAL_FACTOR = 100

_MB = 1024 * 1024
_KB = 1024


def describe_size(size: int) -> str:
    """A size the way an editor reads it: "6.2 MB", "5 MB", "12 KB", "300 bytes"."""
    if size >= _MB:
        return f"{size / _MB:.1f}".removesuffix(".0") + " MB"
    if size >= _KB:
        return f"{size / _KB:.1f}".removesuffix(".0") + " KB"
    return f"{size} bytes"


def oversize_reason(size: int, limit: int) -> str:
    return f"item is {describe_size(size)}, over the {describe_size(limit)} limit"

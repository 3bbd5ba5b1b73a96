"""Files, folders and zip archives walked into named ``SourceItem``s, one at a time.

Folders are walked recursively in sorted order, skipping hidden files; zip members are
read lazily, each only when its turn comes, so memory holds one item however large the
batch. Every refusal is a ``ReadError`` naming the file or member, never an exception:
a path that does not exist, an unsupported file type, an item over the size limit
(judged from the file size or the member's declared size before reading, and from the
bytes actually read), a member whose name would escape the archive ("zip slip"), an
archive nested more than one level deep, and members past the archive's total
uncompressed budget. Nothing is ever extracted to disk.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from articles.importing.draft import ReadError, SourceItem
from articles.importing.limits import (
    ARCHIVE_TOTAL_FACTOR,
    DEFAULT_MAX_ITEM_BYTES,
    describe_size,
    oversize_reason,
)

FORMAT_BY_EXTENSION = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
_ARCHIVE = ".zip"
_UNSUPPORTED = (
    "unsupported file type '{ext}' (expected .txt, .md, .html, .json, .jsonl, .csv or .zip)"
)
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
)


class _Budget:
    """Uncompressed bytes an archive (with its nested archive) may still yield."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0


def iter_source_items(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_ITEM_BYTES,
    max_archive_bytes: int | None = None,
) -> Iterator[SourceItem | ReadError]:
    """Yield one ``SourceItem`` (or ``ReadError``) per file or zip member under ``paths``.

    ``max_archive_bytes`` bounds the total uncompressed size read from one zip (default
    ``ARCHIVE_TOTAL_FACTOR`` times ``max_bytes``).
    """
    archive_limit = max_archive_bytes or ARCHIVE_TOTAL_FACTOR * max_bytes
    if isinstance(paths, str | os.PathLike):
        paths = [paths]  # one path, not an iterable of its characters
    for path in paths:
        name = Path(path).as_posix()
        if os.path.isdir(path):
            yield from _walk_folder(Path(path), name, max_bytes, archive_limit)
        elif os.path.exists(path):
            yield from _file_items(Path(path), name, max_bytes, archive_limit)
        else:
            yield ReadError(name, "no such file or folder")


def iter_uploaded_items(
    uploads: Iterable[tuple[str, BinaryIO, int | None]],
    *,
    max_bytes: int = DEFAULT_MAX_ITEM_BYTES,
    max_archive_bytes: int | None = None,
) -> Iterator[SourceItem | ReadError]:
    """Like ``iter_source_items`` for files that arrive as streams (uploads, API posts).

    Each upload is ``(name, stream, declared size or None)``; a zip must be seekable (an
    uploaded file is). The same limits and refusals apply; names are the uploaded names.
    """
    archive_limit = max_archive_bytes or ARCHIVE_TOTAL_FACTOR * max_bytes
    for raw_name, stream, size in uploads:
        name = PurePosixPath(raw_name.replace("\\", "/")).name or "upload"
        extension = PurePosixPath(name).suffix.lower()
        if extension == _ARCHIVE:
            if size is not None and size > archive_limit:
                yield ReadError(name, oversize_reason(size, archive_limit))
                continue
            yield from _archive_items(stream, name, max_bytes, _Budget(archive_limit), depth=0)
            continue
        if extension and extension not in FORMAT_BY_EXTENSION:
            yield ReadError(name, _UNSUPPORTED.format(ext=extension))
            continue
        if size is not None and size > max_bytes:
            yield ReadError(name, oversize_reason(size, max_bytes))
            continue
        try:
            data = stream.read(max_bytes + 1)
        except OSError as exc:
            yield ReadError(name, f"cannot read: {exc.strerror or exc}")
            continue
        if len(data) > max_bytes:
            yield ReadError(name, oversize_reason(len(data), max_bytes))
            continue
        yield SourceItem(name, data, FORMAT_BY_EXTENSION.get(extension))


def _walk_folder(
    root: Path, root_name: str, max_bytes: int, archive_limit: int
) -> Iterator[SourceItem | ReadError]:
    # A stack of per-folder iterators gives sorted pre-order without recursion, so a deep
    # tree cannot hit the recursion limit; each level lists only its own entries' names.
    stack: list[tuple[str, Iterator[os.DirEntry[str]]]] = []
    opened = _list_folder(root, root_name)
    if isinstance(opened, ReadError):
        yield opened
        return
    stack.append((root_name, opened))
    while stack:
        folder_name, entries = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        name = f"{folder_name}/{entry.name}"
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
            is_file = entry.is_file()
        except OSError as exc:
            yield ReadError(name, f"cannot read: {exc.strerror or exc}")
            continue
        if is_folder:
            listed = _list_folder(Path(entry.path), name)
            if isinstance(listed, ReadError):
                yield listed
            else:
                stack.append((name, listed))
        elif is_file:
            yield from _file_items(Path(entry.path), name, max_bytes, archive_limit)


def _list_folder(folder: Path, name: str) -> Iterator[os.DirEntry[str]] | ReadError:
    try:
        with os.scandir(folder) as scan:
            return iter(sorted(scan, key=lambda entry: entry.name))
    except OSError as exc:
        return ReadError(name, f"cannot read folder: {exc.strerror or exc}")


def _file_items(
    path: Path, name: str, max_bytes: int, archive_limit: int
) -> Iterator[SourceItem | ReadError]:
    extension = path.suffix.lower()
    if extension == _ARCHIVE:
        yield from _archive_items(path, name, max_bytes, _Budget(archive_limit), depth=0)
        return
    if extension and extension not in FORMAT_BY_EXTENSION:
        yield ReadError(name, _UNSUPPORTED.format(ext=extension))
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield ReadError(name, oversize_reason(size, max_bytes))
            return
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        yield ReadError(name, f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > max_bytes:
        yield ReadError(name, oversize_reason(len(data), max_bytes))
        return
    yield SourceItem(name, data, FORMAT_BY_EXTENSION.get(extension))


def _archive_items(
    source: Path | bytes | BinaryIO, name: str, max_bytes: int, budget: _Budget, depth: int
) -> Iterator[SourceItem | ReadError]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    except _ZIP_ERRORS as exc:
        yield ReadError(name, f"not a readable zip file: {exc}")
        return
    with archive:
        members = sorted(archive.infolist(), key=lambda info: info.filename)
        for info in members:
            if info.is_dir() or _is_hidden(info.filename):
                continue
            member_name = f"{name}/{info.filename}"
            yield from _member_items(archive, info, member_name, max_bytes, budget, depth)


def _member_items(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    name: str,
    max_bytes: int,
    budget: _Budget,
    depth: int,
) -> Iterator[SourceItem | ReadError]:
    if not _is_safe_member_name(info.filename):
        yield ReadError(name, "unsafe member name (absolute path or '..'): refused")
        return
    extension = PurePosixPath(info.filename).suffix.lower()
    if extension != _ARCHIVE and extension and extension not in FORMAT_BY_EXTENSION:
        yield ReadError(name, _UNSUPPORTED.format(ext=extension))
        return
    if extension == _ARCHIVE and depth >= 1:
        yield ReadError(name, "archive nested more than one level deep: refused")
        return
    if info.flag_bits & 0x1:
        yield ReadError(name, "encrypted zip member: cannot read")
        return
    if info.file_size > max_bytes:
        yield ReadError(name, oversize_reason(info.file_size, max_bytes))
        return
    if budget.used + info.file_size > budget.limit:
        yield ReadError(name, _over_budget(budget))
        return
    try:
        with archive.open(info) as handle:
            data = handle.read(max_bytes + 1)
    except _ZIP_ERRORS as exc:
        yield ReadError(name, f"cannot read zip member: {exc}")
        return
    if len(data) > max_bytes:
        yield ReadError(name, oversize_reason(len(data), max_bytes) + " (declared smaller)")
        return
    budget.used += len(data)
    if budget.used > budget.limit:
        yield ReadError(name, _over_budget(budget))
        return
    if extension == _ARCHIVE:
        yield from _archive_items(data, name, max_bytes, budget, depth + 1)
        return
    yield SourceItem(name, data, FORMAT_BY_EXTENSION.get(extension))


def _over_budget(budget: _Budget) -> str:
    return f"archive expands past its {describe_size(budget.limit)} total limit: refused"


def _is_hidden(member: str) -> bool:
    parts = member.replace("\\", "/").split("/")
    return any(part.startswith(".") and part not in (".", "..") for part in parts) or (
        parts[0] == "__MACOSX"
    )


def _is_safe_member_name(member: str) -> bool:
    normalised = member.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return False
    return ".." not in normalised.split("/")

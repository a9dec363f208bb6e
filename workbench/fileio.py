"""Atomic writes: one way to put a file in place so a reader never sees half of it.

Every writer of the workbench (briefs, PDFs, Excel workbooks, imported tables, the
nomenclature reference, the sample package) goes through these helpers: the content is written
to a unique temporary name in the *same* folder (so the rename never crosses a filesystem),
flushed and fsynced, given the permissions a normal file there would get (``0666 & ~umask``, or
the replaced file's own mode), and renamed over the target with :func:`os.replace`. On any
error the temporary file is removed and the old target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_dir", "atomic_path", "atomic_write_bytes", "atomic_write_text", "file_mode"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def file_mode(target: Path) -> int:
    """The mode a new file at ``target`` gets: the replaced file's, else ``0666 & ~umask``."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        return 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a fresh temporary path beside ``path``; on success it is fsynced and renamed over it.

    For writers that want a file name (openpyxl's ``save``, pyogrio, pandas): write the whole
    content to the yielded path inside the ``with`` block. The path does not exist yet (a
    GeoPackage driver wants to create its file); pass ``suffix`` when a library picks its
    format by extension.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        tmp.chmod(file_mode(target))
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring)."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def atomic_write_text(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically, encoded as given (no newline translation)."""
    atomic_write_bytes(path, text.encode(encoding))


@contextlib.contextmanager
def atomic_dir(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary folder beside ``path``; on success it replaces ``path`` as a whole.

    An existing folder at ``path`` is moved aside first and removed once the new one is in
    place, so a reader sees the old folder or the complete new one, never a mixture.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        inner = tmp / "new"
        inner.mkdir()
        yield inner
        old = tmp / "old"
        if target.exists():
            target.replace(old)
        inner.replace(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

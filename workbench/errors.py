"""The one base of every error a user can cause (bad input, bad parameters, missing tools).

Each module keeps its own subclass (``PackageError``, ``SipdImportError``, ``GeodataError`` …)
so callers can catch one kind; the CLI catches :class:`WorkbenchError` and prints the message
without a traceback. A bug (anything else) still shows its traceback.
"""

from __future__ import annotations

__all__ = ["WorkbenchError"]


class WorkbenchError(Exception):
    """An error the user can fix: its message says which file, row, value or option, and why."""

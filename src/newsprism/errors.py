"""Errors a researcher can act on: each names what is wrong and where."""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class; the CLI prints these as one line, without a traceback."""


class DataError(NewsprismError):
    """Bad input data, located by file, row (1-based line) and column where known.

    Example:
        >>> str(DataError("text is empty", path="a.csv", row=3, column="text"))
        'a.csv, row 3, column text: text is empty'
    """

    def __init__(self, message: str, *, path=None, row=None, column=None):
        self.path, self.row, self.column, self.reason = path, row, column, message
        where = ", ".join(
            part
            for part in (
                str(path) if path is not None else "",
                f"row {row}" if row is not None else "",
                f"column {column}" if column is not None else "",
            )
            if part
        )
        super().__init__(f"{where}: {message}" if where else message)


class DownloadError(NewsprismError):
    """A dataset could not be fetched; the message says how to supply it by hand."""


class UntrustedModelError(NewsprismError):
    """A model file failed its checks (wrong type, hash mismatch, unknown types inside)."""

"""Exceptions of wiretrace: every error names the file, the line and the reason when it has them."""

from __future__ import annotations

from typing import Optional


class WiretraceError(Exception):
    """A run failed. ``path``/``line`` name the input (or output) and the record; ``reason`` says why.

    ``exit_code`` is what the CLI would exit with (SPEC: 2 for bad usage, 1 otherwise).
    """

    def __init__(
        self,
        message: str,
        path: Optional[str] = None,
        line: Optional[int] = None,
        reason: str = "",
        exit_code: int = 1,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.reason = reason or message
        self.exit_code = exit_code


class UsageError(WiretraceError, ValueError):
    """An option value that cannot work (the CLI's exit code 2)."""

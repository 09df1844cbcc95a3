"""Exceptions. Every error names the file it is about (and, for rule files, the line).

All derive from :class:`ConverterError`. :class:`CallerError` covers what the caller did wrong
(also an ordinary ``FileNotFoundError`` or ``TypeError``); what an input file does wrong is not
raised but reported in its record's ``errors``."""

from __future__ import annotations


class ConverterError(Exception):
    """Base class for everything the converter raises on purpose."""


class CallerError(ConverterError):
    """What the caller of the Python API did wrong (a file that does not exist, text of the wrong type)."""


class InputNotFound(CallerError, FileNotFoundError):
    """The path given is not a file (or folder, where folders are taken)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


class NotText(CallerError, TypeError):
    """Text was expected (``str``), something else was given."""


class InputError(ConverterError):
    """An input file cannot be read or decoded; the run goes on with the next file."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class RuleFileError(ConverterError):
    """A problem in a rule file, rendered GNU-style as ``path:line:col: message``."""

    def __init__(self, path: str, line: int | None, col: int | None, message: str) -> None:
        self.path, self.line, self.col, self.message = str(path), line, col, message
        super().__init__(self.render())

    def render(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        return f"{where}: {self.message}"


class PatternTimeout(ConverterError):
    """A rule's regular expression took longer than its time budget on some input (a budget that grows
    with the text scanned, so the pattern, not the file's size, is to blame)."""

    def __init__(self, origin: str, pattern: str, seconds: float, chars: int) -> None:
        rate = chars / seconds if seconds else 0
        super().__init__(f"{origin}: pattern timed out after {seconds:.1f} s on {chars} characters, scanning "
                         f"slower than {rate:,.0f} characters/s (it backtracks, or its time grows faster than "
                         f"the text: see `converter rules speed`): {pattern[:80]!r}")
        self.origin = origin


class PluginError(ConverterError):
    """A plugin failed to load or raised inside a hook."""


class SinkUnwritable(ConverterError):
    """The ``--sqlite`` database cannot take records (locked by another writer past the wait, full,
    read-only): every later record would fail too, so the run stops."""

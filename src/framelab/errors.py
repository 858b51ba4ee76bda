"""User-facing errors: one clear line naming the file and the problem, never a deep traceback."""

from __future__ import annotations


class FramelabError(Exception):
    """An error the user can act on. The CLI prints ``str(err)`` and exits with status 2."""


class InputError(FramelabError):
    """Bad input: names the offending path and the problem."""

    def __init__(self, path: str | None, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}" if path else problem)


class ModelMissingError(FramelabError):
    """A Stanza model needed for a language is not installed."""

"""Errors that the CLI turns into one line on stderr and exit code 2."""

from __future__ import annotations


class BitextError(Exception):
    """A user-facing error: bad input, bad configuration, missing model.

    ``hint`` is an optional second sentence telling the user what to do.
    """

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class InputError(BitextError):
    """An input file is missing, unreadable, malformed or empty."""


class ConfigError(BitextError):
    """A setting, option combination or configuration file is invalid."""


class ModelError(BitextError):
    """A model is unknown, not installed, or fails verification."""

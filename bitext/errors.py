"""Errors that the CLI turns into one line on stderr and exit code 2."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


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

    def __reduce__(self):
        # pickled with its hint: an error raised in a worker process reaches the user whole
        return type(self), (self.message, self.hint)


class InputError(BitextError):
    """An input file is missing, unreadable, malformed or empty."""


class ConfigError(BitextError):
    """A setting, option combination or configuration file is invalid."""


class ModelError(BitextError):
    """A model is unknown, not installed, or fails verification."""


@contextlib.contextmanager
def value_origin(origin: str | None, kinds: tuple[type[BitextError], ...] = (BitextError,)) -> Iterator[None]:
    """Errors of ``kinds`` raised inside say where the value at fault came from, e.g.
    ``BITEXT_MODEL=bogus: unknown model 'bogus'`` (no prefix when ``origin`` is None: a flag)."""
    try:
        yield
    except kinds as error:
        if origin is None:
            raise
        raise type(error)(f"{origin}: {error.message}", error.hint) from None

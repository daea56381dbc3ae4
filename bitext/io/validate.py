"""Checks the readers share, so that malformed input stops a run with an InputError naming the
place (``where``, e.g. ``corpus.jsonl:12``) before anything is written, never with a traceback.

- :func:`parse_json`: JSON text, where a syntax error or pathological nesting (a RecursionError
  inside the json module) is an input error.
- :func:`lone_surrogate` / :func:`require_text`: JSON may escape a lone surrogate (``"\\ud800"``),
  which is valid JSON but not text: it cannot be written out as UTF-8 later.
- :func:`sentence_indices`: a bead's sentence indices, from JSON or from ``[0,1]`` text.
- :func:`finite_number`: a score or confidence (not NaN, not infinite).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from bitext.errors import InputError

_INDICES = re.compile(r"\[\s*(?:\d{1,9}\s*(?:,\s*\d{1,9}\s*)*)?\]")


def parse_json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"{where}: not valid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise InputError(f"{where}: JSON nested too deeply") from None


def lone_surrogate(value: Any) -> str | None:
    """The first string (key or value, at any depth) holding a lone surrogate, or None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as error:
                return f"\\u{ord(item[error.start]):04x}"
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def require_text(value: Any, where: str, what: str) -> None:
    """InputError when ``value`` (a JSON value) holds a string that is not valid Unicode text."""
    surrogate = lone_surrogate(value)
    if surrogate is not None:
        raise InputError(f"{where}: {what} holds a lone surrogate {surrogate}, which is not text",
                         hint="the JSON escapes half of a UTF-16 pair; fix the tool that wrote it")


def sentence_indices(value: Any, where: str, what: str) -> list[int]:
    """A list of non-negative sentence indices, from a JSON value or ``[0,1]`` text."""
    if isinstance(value, str):
        if not _INDICES.fullmatch(value.strip()):
            raise InputError(f"{where}: {what} {_short(value)} is not a list of sentence indices like [0,1]")
        return [int(x) for x in value.strip()[1:-1].split(",") if x.strip()]
    if not isinstance(value, list) or not all(type(x) is int and x >= 0 for x in value):
        raise InputError(f"{where}: {what} {_short(json.dumps(value))} is not a list of sentence indices like [0,1]")
    return value


def finite_number(text: str, where: str, what: str) -> float:
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise InputError(f"{where}: {what} {_short(text)} is not a number")
    return number


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


__all__ = ["finite_number", "lone_surrogate", "parse_json", "require_text", "sentence_indices"]

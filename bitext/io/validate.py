"""Checks the readers share, so that malformed input stops a run with an InputError naming the
place (``where``, e.g. ``corpus.jsonl:12``) before anything is written, never with a traceback.

- :func:`parse_json`: JSON text, where a syntax error or pathological nesting (a RecursionError
  inside the json module) is an input error.
- :func:`lone_surrogate` / :func:`require_text`: JSON may escape a lone surrogate (``"\\ud800"``),
  which is valid JSON but not text: it cannot be written out as UTF-8 later.
- :func:`sentence_indices`: a bead's sentence indices, from JSON or from ``[0,1]`` text.
- :func:`finite_number`: a score or confidence (not NaN, not infinite).
- :func:`file_name_problem`: why an id cannot be the name of an output file.
- :func:`json_type`: a JSON value's type as JSON names it, for messages.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from bitext.errors import InputError

# Room left below the usual 255-byte name limit for ".align" and atomic_open's ".NAME.XXXXXXXX.tmp".
MAX_NAME_BYTES = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
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


def file_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name an output file anywhere (None when it can): not a name, a path, control
    characters, or too long for the usual 255-byte limit once a suffix is added."""
    if name in ("", ".", ".."):
        return "is not a file name"
    if "/" in name or "\\" in name:
        return "holds a path separator"
    if _CONTROL.search(name):
        return "holds a control character"
    if lone_surrogate(name):
        return "holds a lone surrogate"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return f"is longer than {MAX_NAME_BYTES} bytes"
    return None


_LIBXML_ADVICE = re.compile(r",?\s*(?:use|try) XML_PARSE_HUGE(?: option)?\s*|,?\s*see xmlCtxtSetMaxAmplification\.?")


def xml_syntax_message(message: str) -> str:
    """libxml2's message for a file it refused, without its advice to the programmer (\"use XML_PARSE_HUGE
    option\", \"see xmlCtxtSetMaxAmplification\"): options a user cannot set, and which bitext leaves off on
    purpose (deeply nested, huge or entity-bomb XML is refused)."""
    cleaned = _LIBXML_ADVICE.sub("", message).strip()
    return cleaned if cleaned == message.strip() else f"{cleaned}; a limit bitext keeps against hostile XML"


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return "a string" if isinstance(value, str) else "a number"


def _short(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


__all__ = ["MAX_NAME_BYTES", "file_name_problem", "finite_number", "json_type", "lone_surrogate", "parse_json",
           "require_text", "sentence_indices"]

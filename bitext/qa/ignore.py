"""Ignore files: fingerprints of findings a reviewer has dismissed.

Format (``.bitext-ignore``, UTF-8)::

    # bitext ignore file: one finding fingerprint per line; '#' starts a comment
    3f5a…c2  # numbers.mismatch  abstract-1: 12 in the source is missing in the target

The first whitespace-separated token of a line is the fingerprint (64 hex digits); everything
from a ``#`` on is a comment, blank lines are skipped. Fingerprints hash the check id, the
document id, the normalised source sentence and the offending text (bitext.qa.findings),
so they survive edits elsewhere in the document. A dismissed finding is not reported
again; an entry that matches no finding any more is *stale* (reported, so it can go).

One file serves every input in a folder (``.bitext-ignore`` beside the input), so an entry whose
comment names a document the run does not have belongs to another input: it is not stale in that
run, and ``--update-ignore``, which rewrites the entries of the run's own documents, keeps it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bitext.errors import InputError
from bitext.io.atomic import atomic_open
from bitext.qa.findings import Finding

IGNORE_FILE_NAME = ".bitext-ignore"
_FINGERPRINT = re.compile(r"[0-9a-fA-F]{64}")  # bitext.qa.findings.fingerprint: a sha256 hex digest

# The comment --update-ignore writes after a fingerprint: "# check.id  document: message" (ignore_comment).
_COMMENT_DOCUMENT = re.compile(r"\s+#\s?[a-z_]+\.[a-z_.]+  (\S(?:.*?\S)?): ")

IGNORE_HEADER = (
    "# bitext ignore file: one finding fingerprint per line; '#' starts a comment.\n"
    "# Written by `bitext qa --update-ignore`; the comment after each fingerprint names the check and message.\n"
)


@dataclass
class IgnoreList:
    """Fingerprints in file order, each with the (1-based) line it was read from; for an entry
    whose comment names its document (as --update-ignore writes it), that document and the line."""

    path: Path | None = None
    entries: dict[str, int] = field(default_factory=dict)
    documents: dict[str, str] = field(default_factory=dict)
    lines: dict[str, str] = field(default_factory=dict)

    def __contains__(self, fingerprint: str) -> bool:
        return fingerprint in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def belongs_elsewhere(self, fingerprint: str, documents: Container[str]) -> bool:
        """Whether the entry names a document that is none of ``documents``: a dismissal made for
        another input sharing this file (a folder's .bitext-ignore), neither stale in a run
        without that document nor dropped when the run rewrites the file."""
        document = self.documents.get(fingerprint)
        return document is not None and document not in documents


def parse_ignore(text: str, path: Path | None = None) -> IgnoreList:
    """Fingerprints by line; anything else than a fingerprint where one belongs is an InputError
    naming the line (it would match no finding and silently dismiss nothing)."""
    entries: dict[str, int] = {}
    documents: dict[str, str] = {}
    lines: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        token = content.split()[0]
        if not _FINGERPRINT.fullmatch(token):
            shown = token if len(token) <= 70 else token[:70] + "…"
            raise InputError(f"{path or '<ignore file>'}:{number}: {shown!r} is not a finding fingerprint",
                             hint="each entry is the 64 hex digits of a finding's fingerprint; '#' starts a comment")
        fingerprint = token.lower()
        if fingerprint in entries:
            continue
        entries[fingerprint] = number
        named = _COMMENT_DOCUMENT.match(line, len(line) - len(line.lstrip()) + len(token))
        if named:
            documents[fingerprint] = named.group(1)
            lines[fingerprint] = line.rstrip("\r\n") + "\n"
    return IgnoreList(path, entries, documents, lines)


def read_ignore(path: str | os.PathLike, missing_ok: bool = True) -> IgnoreList:
    """The ignore list in ``path``; empty if the file does not exist and ``missing_ok``."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        if missing_ok:
            return IgnoreList(file)
        raise InputError(f"{file}: no such ignore file") from None
    except IsADirectoryError:
        raise InputError(f"{file}: is a directory", hint="--ignore-file takes a file") from None
    except OSError as error:
        raise InputError(f"{file}: cannot read ({error.strerror or error})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(f"{file}:{line}: not UTF-8",
                         hint="an ignore file holds hex fingerprints and # comments") from None
    return parse_ignore(text, file)


def apply_ignores(findings: list[Finding], ignores: IgnoreList) -> tuple[list[Finding], list[Finding], list[str]]:
    """(findings still reported, dismissed findings, stale fingerprints in file order). An entry
    for a document none of ``findings`` is on is not stale here (IgnoreList.belongs_elsewhere)."""
    kept, dismissed, used = [], [], set()
    for finding in findings:
        if finding.fingerprint in ignores:
            dismissed.append(finding)
            used.add(finding.fingerprint)
        else:
            kept.append(finding)
    documents = {f.document for f in findings}
    stale = [fp for fp in ignores.entries if fp not in used and not ignores.belongs_elsewhere(fp, documents)]
    return kept, dismissed, stale


def ignore_lines(findings: Iterable[Finding]) -> Iterator[str]:
    """The ignore file's lines: the header, then every finding's fingerprint (once), with check id
    and message as a comment."""
    yield IGNORE_HEADER
    seen = set()
    for f in findings:
        if f.fingerprint in seen:
            continue
        seen.add(f.fingerprint)
        yield f"{f.fingerprint}  {ignore_comment(f)}\n"


def ignore_comment(f: Finding) -> str:
    """The comment after a finding's fingerprint: ``# check  document: message`` on one line."""
    message = " ".join(f"{f.document}: {f.message}".split())
    return f"# {f.check}  {message}"


def dismissing(findings: Iterable[Finding], path: Path | None = None) -> IgnoreList:
    """The ignore list that ``write_ignore(path, findings)`` writes, line numbers included, without
    writing it: a run applies it to its report and writes the file only once the report is out."""
    entries: dict[str, int] = {}
    number = 0
    for text in ignore_lines(findings):
        number += text.count("\n")
        if not text.startswith("#"):
            entries[text.split()[0]] = number
    return IgnoreList(path, entries)


def append_ignores(path: str | os.PathLike, entries: Iterable[tuple[str, str]]) -> int:
    """Add ``(fingerprint, comment)`` entries the file does not have yet at its end (atomically; the
    file is created, with the header, when missing); returns how many were added."""
    file = Path(path)
    existing = read_ignore(file)
    try:
        text = file.read_text(encoding="utf-8-sig") if file.exists() else IGNORE_HEADER
    except OSError as error:
        raise InputError(f"{file}: cannot read ({error.strerror or error})") from None
    lines = [f"{fp}  # {' '.join(comment.split())}\n" for fp, comment in entries if fp not in existing]
    lines = list(dict.fromkeys(lines))
    if not lines:
        return 0
    if text and not text.endswith("\n"):
        text += "\n"
    try:
        with atomic_open(file) as handle:
            handle.write(text + "".join(lines))
    except OSError as error:
        raise InputError(f"{file}: cannot write ({error.strerror or error})") from None
    return len(lines)


def format_ignore(findings: Iterable[Finding]) -> str:
    return "".join(ignore_lines(findings))


def write_ignore(path: str | os.PathLike, findings: Iterable[Finding], kept: Iterable[str] = ()) -> int:
    """Write (atomically, as a stream) an ignore file dismissing exactly ``findings``, then the
    lines ``kept`` (other inputs' entries, as they were); returns the fingerprints written."""
    written = -1
    try:
        with atomic_open(path) as handle:
            for line in ignore_lines(findings):
                handle.write(line)
                written += 1
            for line in kept:
                handle.write(line)
                written += 1
    except OSError as error:
        raise InputError(f"{path}: cannot write ({error.strerror or error})") from None
    return written


__all__ = ["IGNORE_FILE_NAME", "IGNORE_HEADER", "IgnoreList", "append_ignores", "apply_ignores", "dismissing",
           "format_ignore", "ignore_comment", "parse_ignore", "read_ignore", "write_ignore"]

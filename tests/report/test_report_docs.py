"""docs/qa-json-schema.md documents every key the json and jsonl formats write, and its fingerprint recipe is right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bitext.report.jsonl import pair_records

DOC = Path(__file__).resolve().parents[2] / "docs" / "qa-json-schema.md"


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def documented(doc: str) -> set[str]:
    """Keys named in the first column of the tables (`key` or `a`, `b`)."""
    keys = set()
    for line in doc.splitlines():
        if line.startswith("| `"):
            first = line.split("|")[1]
            keys |= {k.split(".")[-1] for k in re.findall(r"`([^`]+)`", first)}
    return keys


def test_every_json_key_is_documented(report, doc):
    data = report.to_json()
    keys = set(data) | set(data["summary"]) | set(data["tool"])
    for d in data["documents"]:
        keys |= set(d)
        for p in d["pairs"]:
            keys |= set(p)
    for f in data["findings"]:
        keys |= set(f) | {k for s in f["spans"] for k in s}
    keys -= {"name", "version", "side", "start", "end"}  # described inline (tool, spans)
    assert keys - documented(doc) == set()
    for inline in ("`name`", "`version`", '"side"', '"start"', '"end"'):
        assert inline in doc


def test_every_jsonl_key_is_documented(report, doc):
    keys = {k for r in pair_records(report) for k in r}
    assert keys - documented(doc) == set()


def test_fingerprint_recipe_matches_the_code(report, doc):
    recipe = re.search(r"```python\n(.*?)```", doc, flags=re.S).group(1)
    al = report.alignments[0]
    src, tgt, _ = al.pairs()[0]
    finding = report.findings[0]
    scope = {"finding": finding, "pair": {"src": src, "tgt": tgt}, "check_id": finding.check,
             "document_id": finding.document, "pair_src": src}
    exec(recipe, scope)  # the recipe is our own documentation
    assert scope["fingerprint"] == finding.fingerprint

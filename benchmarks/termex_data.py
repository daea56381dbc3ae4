"""ParaMed-NEJM gold alignments as ``bitext`` Alignments, for the term-extraction benchmarks.

The texts stay in ``../shared/eval/paramed-nejm`` (evaluation use only; never copied
into the repository). The publishers' pre-processing is undone lightly: English was
Moses-tokenised and lower-cased (``@-@``, ``&apos;``, spaces before punctuation),
Chinese was jieba-tokenised (spaces between words). Case is not restored.
"""

from __future__ import annotations

import ast
import html
import os
import re
from pathlib import Path

from bitext.core import Alignment, Bead, Document

DEFAULT_ROOT = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "paramed-nejm"

_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"


def nejm_root() -> Path:
    return Path(os.environ.get("BITEXT_NEJM_DIR", DEFAULT_ROOT))


def detok_en(line: str) -> str:
    s = line.replace(" @-@ ", "-").replace("@-@", "-")
    s = html.unescape(s.replace("&#91;", "[").replace("&#93;", "]"))
    s = re.sub(r" '(?=[a-z])", "'", s)  # kaposi 's -> kaposi's, o 'brien -> o'brien
    s = re.sub(r"\s+([,.;:!?%)\]])", r"\1", s)
    s = re.sub(r"([(\[])\s+", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()


def detok_zh(line: str) -> str:
    s = html.unescape(line.replace("@-@", "-").replace("&#91;", "[").replace("&#93;", "]"))
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(rf"(?<=[{_CJK}]) (?=\S)|(?<=\S) (?=[{_CJK}])", "", s)
    s = re.sub(r"(?<=\w) ?- ?(?=\w)", "-", s)  # kaplan - meier -> kaplan-meier
    s = re.sub(r"(?<=\d) , (?=\d{3})", ",", s)  # 8 , 400 -> 8,400
    s = re.sub(r"(?<=\w) \. (?=\w)", ".", s)  # nejm . org
    s = re.sub(r" ' ?", "'", s)
    return s


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def load_nejm(root: Path | None = None) -> list[Alignment]:
    """One Alignment per document, English source and Chinese target (the gold is zh→en)."""
    root = root or nejm_root()
    if not (root / "gold").is_dir():
        raise FileNotFoundError(f"ParaMed-NEJM gold alignments not found under {root}")
    out = []
    for gold in sorted((root / "gold").glob("doc*.align"), key=lambda p: int(p.stem[3:])):
        doc_id = gold.stem
        zh = [detok_zh(x) for x in _read_lines(root / "zh" / doc_id)]
        en = [detok_en(x) for x in _read_lines(root / "en" / doc_id)]
        beads = []
        for line in gold.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            zh_ids, en_ids = (ast.literal_eval(part) for part in line.split(":")[:2])
            if zh_ids or en_ids:
                beads.append(Bead(tuple(en_ids), tuple(zh_ids)))
        out.append(Alignment(Document(doc_id, en, zh, "en", "zh"), beads))
    return out

"""Real professional translations for the QA benchmarks, and one QA run as a user makes it.

Shared by qa_real.py (false alarms) and qa_injected.py (recall of injected errors):

* TICO-19 dev (``../shared/eval/tico19-dev``): dev.tmx (pre-aligned units), presplit.jsonl
  (sentence lists, pair i = en[i] ↔ zh[i]), joined.jsonl (paragraphs), tico-terms.tsv;
* ParaMed-NEJM gold pairs, loaded as benchmarks/qa_precision.py loads them;
* ``run(corpus, glossary)``: bitext.qa.pipeline.run_qa over a file, as ``bitext qa`` runs it
  (default model, embedding cache, no ignore file), flattened to ``DocumentResult``s.

Texts are read from ../shared at run time and never copied into the repository.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from qa_precision import EVAL as NEJM_DIR  # noqa: E402
from qa_precision import load as load_nejm_alignments  # noqa: E402

SHARED_EVAL = NEJM_DIR.parent
TICO_DIR = SHARED_EVAL / "tico19-dev"
TICO_TMX = TICO_DIR / "dev.tmx"
TICO_PRESPLIT = TICO_DIR / "presplit.jsonl"
TICO_JOINED = TICO_DIR / "joined.jsonl"
TICO_TERMS = TICO_DIR / "tico-terms.tsv"
STARTER_GLOSSARY = ROOT / "corpora" / "glossary" / "net_prrt.tsv"


def require_data() -> None:
    for path in (TICO_PRESPLIT, NEJM_DIR):
        if not path.exists():
            raise SystemExit(f"{path}: evaluation data not found")


@dataclass(frozen=True)
class Pair:
    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]
    src: str
    tgt: str


@dataclass(frozen=True)
class Hit:
    """One reported finding with the text of the pair it is on ('' for a finding on no pair)."""

    document: str
    check: str
    severity: str
    fingerprint: str
    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]
    message: str
    src: str
    tgt: str


@dataclass
class DocumentResult:
    id: str
    pairs: list[Pair] = field(default_factory=list)
    findings: list[Hit] = field(default_factory=list)


def tico_documents() -> list[tuple[str, list[str], list[str]]]:
    """presplit.jsonl as (id, English sentences, Chinese sentences), in file order."""
    docs = []
    with TICO_PRESPLIT.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                docs.append((record["id"], list(record["en"]), list(record["zh"])))
    return docs


def nejm_documents() -> list[tuple[str, list[str], list[str]]]:
    """ParaMed-NEJM gold beads with both sides, one (joined) sentence pair per bead: pair i = en[i] ↔ zh[i]."""
    docs = []
    for alignment in load_nejm_alignments():
        pairs = [(s, t) for s, t, bead in alignment.pairs() if bead.src and bead.tgt]
        docs.append((alignment.document.id, [s for s, _ in pairs], [t for _, t in pairs]))
    return docs


def write_nejm_tmx(path: Path) -> Path:
    """The gold-aligned NEJM pairs as a TMX file (one unit per gold bead), bitext's own writer."""
    from bitext.io.alignment_formats import write_tmx

    path.write_text(write_tmx(load_nejm_alignments()), encoding="utf-8")
    return path


def write_jsonl(path: Path, documents: list[tuple[str, list[str], list[str]]]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for doc_id, en, zh in documents:
            fh.write(json.dumps({"id": doc_id, "en": en, "zh": zh}, ensure_ascii=False) + "\n")
    return path


def run(corpus: Path, glossary: Path | None, model: str | None = None) -> list[DocumentResult]:
    """``bitext qa CORPUS --glossary GLOSSARY`` through the library entry point: every reported
    finding of every document, with its pair's text. No ignore file applies."""
    from bitext.qa.pipeline import QAInput, QARequest, run_qa

    with tempfile.TemporaryDirectory(prefix="bitext-bench-") as tmp:
        request = QARequest(QAInput(corpus=str(corpus)), glossary=glossary, model=model,
                            ignore_file=Path(tmp) / "no-ignore-file")
        result = run_qa(request)
        try:
            out = []
            for view in result.report.documents():
                doc = DocumentResult(view.id)
                for p in view.pairs:
                    doc.pairs.append(Pair(tuple(p.bead.src), tuple(p.bead.tgt), p.src, p.tgt))
                    doc.findings.extend(_hit(f, p.src, p.tgt) for f in p.findings)
                doc.findings.extend(_hit(f, "", "") for f in view.loose)
                out.append(doc)
        finally:
            result.report.close()
    return out


def _hit(f, src: str, tgt: str) -> Hit:
    severity = getattr(f.severity, "value", f.severity)
    return Hit(f.document, f.check, severity, f.fingerprint, tuple(f.src_ids), tuple(f.tgt_ids), f.message, src, tgt)


def read_glossary_rows(path: Path) -> list[dict[str, str]]:
    """A glossary TSV in bitext's columns (concept_id, en_term, en_variants, zh_term,
    zh_admitted_variants, status, ...) as plain rows, for building injections."""
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        return [dict(row) for row in csv.DictReader(fh, delimiter="\t")]


def command_line(script: str, private: tuple[str, ...]) -> str:
    """The command to record: this script with its arguments, less the options naming local files."""
    args, kept = sys.argv[1:], []
    while args:
        arg = args.pop(0)
        if arg in private:
            args = args[1:]
        elif not arg.startswith(tuple(f"{p}=" for p in private)):
            kept.append(arg)
    return " ".join(["python", f"benchmarks/{script}", *kept])


def tsv_row(values) -> str:
    return "\t".join(str(v).replace("\t", " ").replace("\n", " ") for v in values) + "\n"

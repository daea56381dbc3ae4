"""`bitext glossary build` / `merge` end to end through the real entry point."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpora" / "seed" / "seed-abstracts.jsonl"
GLOSSARY = ROOT / "corpora" / "glossary" / "net_prrt.tsv"


def bitext(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "BITEXT_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "bitext", *args], capture_output=True, text=True, cwd=ROOT, env=env)


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_build_proposes_acronym_terms_and_skips_known_ones(tmp_path):
    out = tmp_path / "candidates.tsv"
    proc = bitext("glossary", "build", str(SEED), "--min-freq", "1", "-o", str(out), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    found = {(r["en_variants"], r["zh_term"]): r for r in rows(out)}
    assert ("PRRT", "肽受体放射性核素治疗") in found
    assert found[("PRRT", "肽受体放射性核素治疗")]["method"] == "acronym"
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel shows the Chinese

    known = tmp_path / "known.tsv"
    proc = bitext("glossary", "build", str(SEED), "--min-freq", "1", "--glossary", str(GLOSSARY), "-o", str(known),
                  tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert ("PRRT", "肽受体放射性核素治疗") not in {(r["en_variants"], r["zh_term"]) for r in rows(known)}


def test_build_tbx_output_is_tbx_basic(tmp_path):
    from lxml import etree

    out = tmp_path / "candidates.tbx"
    proc = bitext("glossary", "build", str(SEED), "--min-freq", "1", "--format", "tbx", "-o", str(out),
                  tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    root = etree.parse(str(out)).getroot()
    assert root.tag.endswith("tbx") and root.get("type") == "TBX-Basic"


def test_merge_adds_accepted_rows_once(tmp_path):
    candidates = tmp_path / "candidates.tsv"
    assert bitext("glossary", "build", str(SEED), "--min-freq", "1", "-o", str(candidates),
                  tmp_path=tmp_path).returncode == 0
    table = rows(candidates)
    for r in table:
        r["decision"] = "accept" if r["method"] == "acronym" else ""
    with open(candidates, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(table)
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text("concept_id\ten_term\ten_variants\tzh_term\tzh_admitted_variants\tstatus\tnote\n",
                        encoding="utf-8")
    first = bitext("glossary", "merge", str(candidates), "--into", str(glossary), tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    after_first = glossary.read_text(encoding="utf-8")
    accepted = sum(r["decision"] == "accept" for r in table)
    assert accepted >= 2 and after_first.count("\n") == 1 + accepted
    again = bitext("glossary", "merge", str(candidates), "--into", str(glossary), tmp_path=tmp_path)
    assert again.returncode == 0
    assert glossary.read_text(encoding="utf-8") == after_first  # no duplicated concepts


def test_build_bad_input_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "en": "x"\n', encoding="utf-8")
    out = tmp_path / "out.tsv"
    for args in (["glossary", "build", str(bad), "-o", str(out)],
                 ["glossary", "build", str(tmp_path / "missing.jsonl")],
                 ["glossary", "build", str(SEED), "--format", "xlsx"]):
        proc = bitext(*args, tmp_path=tmp_path)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
        assert not out.exists()


def test_build_reads_aligned_tmx(tmp_path):
    tmx = tmp_path / "memory.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="x" creationtoolversion="1" '
        'segtype="sentence" o-tmf="x" adminlang="en" srclang="en" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="en"><seg>Peptide receptor radionuclide therapy (PRRT) was given.</seg></tuv>'
        '<tuv xml:lang="zh-CN"><seg>患者接受了肽受体放射性核素治疗（PRRT）。</seg></tuv></tu></body></tmx>',
        encoding="utf-8")
    out = tmp_path / "c.tsv"
    proc = bitext("glossary", "build", str(tmx), "--min-freq", "1", "-o", str(out), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert ("PRRT", "肽受体放射性核素治疗") in {(r["en_variants"], r["zh_term"]) for r in rows(out)}


def test_the_library_workflow_gives_what_the_command_writes(tmp_path, monkeypatch):
    # bitext glossary build is propose_terms plus writing: the same rows in the same order
    from bitext.io.inputs import InputFiles
    from bitext.termex.formats import candidates_tsv_text
    from bitext.termex.pipeline import propose_terms

    out = tmp_path / "c.tsv"
    proc = bitext("glossary", "build", str(SEED), "--min-freq", "1", "--glossary", str(GLOSSARY), "-o", str(out),
                  tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    candidates = propose_terms(InputFiles(corpus=str(SEED)), GLOSSARY, min_freq=1)
    assert candidates and out.read_text(encoding="utf-8-sig") == candidates_tsv_text(candidates)

"""Paths, sample files and subprocess helpers shared by the tests in tests/cli_qa."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpora" / "seed"
CORPUS = SEED / "seed-abstracts.jsonl"
EN = SEED / "cutaneous-net-prrt.en.txt"
ZH = SEED / "cutaneous-net-prrt.zh.txt"
SHARED_GLOSSARY = ROOT / ".." / "shared" / "glossaries" / "seed" / "net_prrt_seed_glossary.tsv"
STARTER_GLOSSARY = ROOT / "corpora" / "glossary" / "net_prrt.tsv"
GLOSSARY = SHARED_GLOSSARY.resolve() if SHARED_GLOSSARY.is_file() else STARTER_GLOSSARY
PYTHON = sys.executable

SCRUB = ("BITEXT_FORMAT", "BITEXT_MODEL", "BITEXT_GLOSSARY", "BITEXT_FAIL_ON", "GITHUB_ACTIONS",
         "GITHUB_STEP_SUMMARY", "NO_COLOR")


def run_bitext(*args, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """``python -m bitext ARGS`` in a subprocess (the console-script error mapping included)."""
    full_env = {k: v for k, v in os.environ.items() if k not in SCRUB}
    full_env.update(env or {})
    return subprocess.run([PYTHON, "-m", "bitext", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", env=full_env, cwd=cwd or ROOT, timeout=120)


def assert_one_line_error(proc, *fragments: str) -> None:
    """Exit 2, exactly one stderr line starting ``bitext: error:``, no traceback."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("bitext: error: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" adminlang="en"
          srclang="en" datatype="plaintext"/>
  <body>
    <tu><tuv xml:lang="en"><seg>Overall survival was 24 months.</seg></tuv>
        <tuv xml:lang="zh-CN"><seg>总生存期为36个月。</seg></tuv></tu>
    <tu><tuv xml:lang="en"><seg>We treated 12 patients with lanreotide.</seg></tuv>
        <tuv xml:lang="zh-CN"><seg>我们用兰瑞肽治疗了12例患者。</seg></tuv></tu>
  </body>
</tmx>
"""

XLIFF_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="abstract.txt" source-language="en" target-language="zh-CN" datatype="plaintext">
    <body>
      <trans-unit id="1">
        <source>Overall survival was 24 months.</source>
        <target state="translated">总生存期为36个月。</target>
      </trans-unit>
      <group id="g">
        <trans-unit id="2">
          <source>We treated <g id="b">12</g> patients with lanreotide.</source>
          <target state="translated">我们用兰瑞肽治疗了<g id="b">12</g>例患者。</target>
        </trans-unit>
      </group>
    </body>
  </file>
</xliff>
"""

XLIFF_20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en" trgLang="zh-CN">
  <file id="f1">
    <unit id="u1">
      <segment state="translated">
        <source>Overall survival was 24 months.</source>
        <target>总生存期为36个月。</target>
      </segment>
    </unit>
    <unit id="u2">
      <segment><source>We treated <pc id="1">12</pc> patients with lanreotide.</source>
        <target>我们用兰瑞肽治疗了<pc id="1">12</pc>例患者。</target></segment>
    </unit>
  </file>
</xliff>
"""

GLOSSARY_HEADER = "concept_id\ten_term\ten_variants\tzh_term\tzh_admitted_variants\tstatus\tnote\n"

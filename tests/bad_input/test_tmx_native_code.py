"""TMX native-code elements (bpt, ept, ph, it, ut) hold the markup of the original document, not
text: they are dropped from the checked text as XLIFF 1.2's are (the text around them and inside
<hi> is kept). They used to reach the checks, so "<b>12</b>" was the number's context."""

from __future__ import annotations

import json

from bad_input_helpers import run_bitext

SRC_SEG = ('We treated <bpt i="1">&lt;b&gt;</bpt>12<ept i="1">&lt;/b&gt;</ept> patients<ph>&lt;br/&gt;</ph> with '
           '<it pos="begin">&lt;i&gt;</it><hi type="x">lanreotide</hi>.<ut>{\\f1}</ut>')
TGT_SEG = ('我们用<it pos="begin">&lt;i&gt;</it>兰瑞肽治疗了<bpt i="1">&lt;b&gt;<sub>bold</sub></bpt>12'
           '<ept i="1">&lt;/b&gt;</ept>例患者。<ph>&lt;br/&gt;</ph>')
NATIVE_CODE = f"""<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" segtype="sentence"/><body>
<tu><tuv xml:lang="en"><seg>{SRC_SEG}</seg></tuv>
<tuv xml:lang="zh-CN"><seg>{TGT_SEG}</seg></tuv></tu>
</body></tmx>
"""
SRC = "We treated 12 patients with lanreotide."
TGT = "我们用兰瑞肽治疗了12例患者。"


def test_library_reader_drops_native_code():
    from bitext.io.alignment_formats import read_tmx

    [unit] = read_tmx(NATIVE_CODE.encode(), "m.tmx")
    assert (unit["src"], unit["tgt"]) == (SRC, TGT)


def test_qa_checks_the_text_without_native_code(tmp_path):
    memory = tmp_path / "m.tmx"
    memory.write_text(NATIVE_CODE, encoding="utf-8")
    proc = run_bitext("qa", memory, "-f", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    [pair] = json.loads(proc.stdout)["documents"][0]["pairs"]
    assert (pair["src"], pair["tgt"]) == (SRC, TGT)

"""Every reader turns malformed input, its metadata included, into an InputError naming the file and
line (exit 2 through the CLI): a TMX whose ``x-src-ids`` property was not JSON crashed with a
traceback and exit 1, which CI reads as "findings"."""

from __future__ import annotations

import pytest
from bad_input_helpers import GLOSSARY_HEADER, SENTENCE_EN, SENTENCE_ZH, assert_input_error, files_in, run_bitext

from bitext.errors import InputError

TMX_UNIT = ('    <tu>{props}<tuv xml:lang="en"><seg>' + SENTENCE_EN + '</seg></tuv>\n'
            '        <tuv xml:lang="zh-CN"><seg>' + SENTENCE_ZH + "</seg></tuv></tu>\n")


def tmx(*units: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
            '  <header srclang="en" segtype="sentence"/>\n  <body>\n' + "".join(units) + "  </body>\n</tmx>\n")


XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="{src}" target-language="{tgt}" datatype="plaintext">
    <body>
      <trans-unit id="1"><source>{en}</source><target>{zh}</target></trans-unit>
    </body>
  </file>
</xliff>
"""


# -- through the CLI ------------------------------------------------------------------------------

@pytest.mark.parametrize("ids", ["[0,", '"0"', "[-1]", "[0.5]", "[true]", "[0, [1]]", "{}", "[" * 5000])
def test_tmx_malformed_sentence_ids(tmp_path, ids):
    memory = tmp_path / "m.tmx"
    memory.write_text(tmx(TMX_UNIT.format(props=""),
                          TMX_UNIT.format(props=f'<prop type="x-src-ids">{ids}</prop>')), encoding="utf-8")
    proc = run_bitext("qa", memory, "-o", tmp_path / "report.txt", cwd=tmp_path)
    assert_input_error(proc, f"{memory}:7:", "x-src-ids")
    assert files_in(tmp_path) == ["m.tmx"]


def test_tmx_unit_variant_without_language(tmp_path):
    memory = tmp_path / "m.tmx"
    unit = TMX_UNIT.format(props="").replace('<tuv xml:lang="en">', "<tuv>")
    memory.write_text(tmx(TMX_UNIT.format(props=""), unit), encoding="utf-8")
    proc = run_bitext("qa", memory, cwd=tmp_path)
    assert_input_error(proc, f"{memory}:7:", "xml:lang")


def test_xliff_declaring_other_languages(tmp_path):
    xliff = tmp_path / "a.xlf"
    xliff.write_text(XLIFF.format(src="zh-CN", tgt="en", en=SENTENCE_EN, zh=SENTENCE_ZH), encoding="utf-8")
    proc = run_bitext("qa", xliff, cwd=tmp_path)
    assert_input_error(proc, f"{xliff}:3:", "source-language 'zh-CN'", "--src-lang")
    xliff.write_text(XLIFF.format(src="en-US", tgt="fr", en=SENTENCE_EN, zh=SENTENCE_ZH), encoding="utf-8")
    assert_input_error(run_bitext("qa", xliff, cwd=tmp_path), f"{xliff}:3:", "target-language 'fr'")


def test_glossary_with_a_repeated_column(tmp_path):
    glossary = tmp_path / "g.tsv"
    row = "C1\tlanreotide\t\t兰瑞肽\t\tpreferred\tforbidden\n"
    glossary.write_text(GLOSSARY_HEADER.replace("\tnote", "\tstatus") + row, encoding="utf-8")
    memory = tmp_path / "m.tmx"
    memory.write_text(tmx(TMX_UNIT.format(props="")), encoding="utf-8")
    proc = run_bitext("qa", memory, "--glossary", glossary, cwd=tmp_path)
    assert_input_error(proc, f"{glossary}:1:", "status")


def test_glossary_merge_into_a_glossary_with_a_repeated_column(tmp_path):
    glossary = tmp_path / "g.tsv"
    row = "C1\tlanreotide\t\t兰瑞肽\t\tpreferred\t兰瑞\n"
    glossary.write_text(GLOSSARY_HEADER.replace("\tnote", "\tzh_term") + row, encoding="utf-8")
    before = glossary.read_bytes()
    candidates = tmp_path / "c.tsv"
    candidates.write_text("en_term\tzh_term\tdecision\noctreotide\t奥曲肽\taccept\n", encoding="utf-8")
    proc = run_bitext("glossary", "merge", candidates, "--into", glossary, cwd=tmp_path)
    assert_input_error(proc, f"{glossary}:1:", "zh_term")
    assert glossary.read_bytes() == before


def test_tbx_language_section_without_language(tmp_path):
    tbx = tmp_path / "g.tbx"
    tbx.write_text('<?xml version="1.0"?>\n<tbx type="TBX-Basic"><text><body>\n'
                   '<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>lanreotide</term></termSec></langSec>\n'
                   "<langSec><termSec><term>兰瑞肽</term></termSec></langSec></conceptEntry>\n"
                   "</body></text></tbx>\n", encoding="utf-8")
    memory = tmp_path / "m.tmx"
    memory.write_text(tmx(TMX_UNIT.format(props="")), encoding="utf-8")
    proc = run_bitext("qa", memory, "--glossary", tbx, cwd=tmp_path)
    assert_input_error(proc, f"{tbx}:4:", "xml:lang")


def test_ignore_file_entry_that_is_not_a_fingerprint(tmp_path):
    ignore = tmp_path / "ignore"
    ignore.write_text("# reviewed\nnumbers.mismatch  # the 24 months\n", encoding="utf-8")
    memory = tmp_path / "m.tmx"
    memory.write_text(tmx(TMX_UNIT.format(props="")), encoding="utf-8")
    proc = run_bitext("qa", memory, "--ignore-file", ignore, cwd=tmp_path)
    assert_input_error(proc, f"{ignore}:2:", "'numbers.mismatch'", "fingerprint")


def test_config_syntax_error_names_the_line(tmp_path):
    config = tmp_path / "bitext.toml"
    config.write_text('fail_on = "warning"\nformat = \n', encoding="utf-8")
    proc = run_bitext("config", "show", "--config", config, cwd=tmp_path)
    assert_input_error(proc, f"{config}:2:", "not valid TOML")


def test_config_nested_too_deeply(tmp_path):
    config = tmp_path / "bitext.toml"
    config.write_text("model = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    proc = run_bitext("config", "show", "--config", config, cwd=tmp_path)
    assert_input_error(proc, f"{config}", "nested too deeply")


def test_plain_text_not_utf8_names_the_line(tmp_path):
    text = tmp_path / "a.en.txt"
    text.write_bytes(b"First line.\nSecond line.\nThird \xb5 line.\n")
    assert_input_error(run_bitext("segment", text, cwd=tmp_path), f"{text}:3:", "not UTF-8", "column 7")


def test_plain_text_in_utf16_says_so(tmp_path):
    text = tmp_path / "a.en.txt"
    text.write_bytes("First line.\n".encode("utf-16"))
    assert_input_error(run_bitext("segment", text, cwd=tmp_path), f"{text}:1:", "UTF-16", "iconv -f UTF-16")


@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
def test_plain_text_in_utf16_without_a_byte_order_mark(tmp_path, order):
    """English in UTF-16 without a BOM is valid UTF-8 (a NUL beside each letter): segmented, aligned and
    checked as garbage with exit 0."""
    text = tmp_path / "a.en.txt"
    text.write_bytes(f"{SENTENCE_EN}\n".encode(order))
    assert_input_error(run_bitext("segment", text, cwd=tmp_path), f"{text}:1:", "UTF-16 text without a byte-order mark",
                       f"iconv -f {order.upper().removesuffix('-LE').removesuffix('-BE')}{order[-2:].upper()} ")


@pytest.mark.parametrize("command", ["segment", "score", "qa"])
def test_a_nul_byte_in_text_names_its_line(tmp_path, command):
    text = tmp_path / "a.txt"
    if command == "qa":  # a JSONL corpus, read line by line
        text.write_bytes(f'{{"id": "a", "en": "{SENTENCE_EN}", "zh": "{SENTENCE_ZH}"}}\n'.encode()
                         + f'{{"id": "b", "en": "{SENTENCE_EN}\0", "zh": "{SENTENCE_ZH}"}}\n'.encode())
        args = ["qa", text]
    else:
        text.write_bytes(f"{SENTENCE_ZH}\n{SENTENCE_ZH}\0\n".encode())
        args = ["segment", text] if command == "segment" else ["score", "--hyp", text, "--ref", text]
    assert_input_error(run_bitext(*args, cwd=tmp_path), f"{text}:2:", "NUL byte at column", "not UTF-8 text")


def test_model_manifest_not_utf8(tmp_path):
    manifests = tmp_path / "manifests"
    manifests.mkdir()
    (manifests / "broken.json").write_bytes(b'{"name": "broken \xff"}')
    proc = run_bitext("models", "list", cwd=tmp_path, env={"BITEXT_MANIFEST_DIR": str(manifests)})
    assert_input_error(proc, str(manifests / "broken.json"), "UTF-8")


# -- the library readers ------------------------------------------------------------------------

def _raises_input_error(call, *fragments: str) -> None:
    with pytest.raises(InputError) as caught:
        call()
    for fragment in fragments:
        assert fragment in str(caught.value), (fragment, str(caught.value))


@pytest.mark.parametrize("line", ["[1 2]:[0]", "[" + "9" * 5000 + "]:[0]", "[0]:[1]:1e5e", "[0]:[1]:nan"])
def test_beads_reader(line):
    from bitext.io.alignment_formats import read_beads

    _raises_input_error(lambda: read_beads(f"[0]:[0]\n{line}\n", "x.align"), "x.align:2:")


@pytest.mark.parametrize("cells", [("[0,", "[0]", "0.5"), ('{"a": 1}', "[0]", "0.5"), ("[0]", "[-1]", "0.5"),
                                   ("[0]", "[0]", "high"), ("[0]", "[0]", "inf")])
def test_alignment_tsv_reader(cells):
    from bitext.io.alignment_formats import TSV_HEADER, read_tsv

    text = "\t".join(TSV_HEADER) + "\n" + "\t".join(["d", *cells, "a", "b"]) + "\n"
    _raises_input_error(lambda: read_tsv(text, "x.tsv"), "x.tsv:2:")


@pytest.mark.parametrize("row", ["[1, 2]", '{"doc": "d", "src_ids": "0", "tgt_ids": [0], "src": "a", "tgt": "b"}',
                                 "[" * 100_000 + "]" * 100_000])
def test_alignment_jsonl_reader(row):
    from bitext.io.alignment_formats import read_jsonl

    good = '{"doc": "d", "src_ids": [0], "tgt_ids": [0], "src": "a", "tgt": "b"}'
    _raises_input_error(lambda: read_jsonl(f"{good}\n{row}\n", "x.jsonl"), "x.jsonl:2:")


def test_tmx_reader_library():
    from bitext.io.alignment_formats import read_tmx

    data = tmx(TMX_UNIT.format(props='<prop type="x-tgt-ids">[0,</prop>')).encode()
    _raises_input_error(lambda: read_tmx(data, "m.tmx"), "m.tmx:5:", "x-tgt-ids")


def test_tmx_written_by_bitext_still_reads_back():
    from bitext.core import Alignment, Bead, Document
    from bitext.io.alignment_formats import read_tmx, write_tmx

    alignment = Alignment(Document("d", ["A.", "B."], ["甲。"]), [Bead((0, 1), (0,), 0.5)])
    units = read_tmx(write_tmx([alignment]).encode(), "m.tmx")
    assert [(u["src_ids"], u["tgt_ids"]) for u in units] == [([0, 1], [0])]


TBX_ENTRY = ('<?xml version="1.0"?>\n<tbx><text><body><conceptEntry id="c1">\n'
             '<langSec xml:lang="en"><termSec><term>lanreotide</term>{note}</termSec></langSec>\n'
             '<langSec xml:lang="zh"><termSec><term>{zh}</term></termSec></langSec></conceptEntry>\n'
             '</body></text></tbx>\n')
GLOSSARY_ROW = "C1\tlanreotide\t\t兰瑞肽\t\tpreferred\t\n"


@pytest.mark.parametrize("name, content, present, absent", [
    ("g.tsv", GLOSSARY_HEADER + GLOSSARY_ROW.replace("preferred", "bogus"), ["g.tsv:2:", "allowed: "], []),
    ("g.tsv", GLOSSARY_HEADER.replace("note", "status") + GLOSSARY_ROW, ["g.tsv:1:", "more than once"], ["lenient"]),
    ("g.csv", "en_term,chinese\nlanreotide,兰瑞肽\n", ["g.csv:1:", "header lacks"], ["lenient", "tabs/commas"]),
    ("g.tsv", GLOSSARY_HEADER + 'C1\t"lanreotide\t\t兰瑞肽\t\tpreferred\t\n', ["g.tsv:2:", "--lenient"], []),
    ("g.tsv", (GLOSSARY_HEADER + GLOSSARY_ROW).encode("utf-16"), ["g.tsv:1:", "UTF-16", "iconv -f UTF-16 "], []),
    ("g.tbx", "not xml", ["g.tbx:1:", "not well-formed XML"], ["lenient", "tabs/commas"]),
    ("g.tbx", '<?xml version="1.0"?><html/>', ["no conceptEntry"], ["lenient", "tabs/commas"]),
    ("g.tbx", TBX_ENTRY.format(note="", zh=""), ["g.tbx:4:", "empty <term>"], ["concept_id, en_term", "tabs/commas"]),
    ("g.tbx", TBX_ENTRY.format(note='<termNote type="administrativeStatus">bogus</termNote>', zh="兰瑞肽"),
     ["g.tbx:3:", "allowed: "], []),
])
def test_glossary_errors_say_what_applies(tmp_path, name, content, present, absent):
    """The hint of a glossary error fits the error and the format: a TBX or header error was told to
    "check the tabs/commas of that row, or read with lenient=True" (neither helps), a TBX entry to fill in
    TSV columns, an unknown status listed the allowed ones twice, a UTF-16 file was "not UTF-8 (0xff)"."""
    from bitext.glossary.files import read_glossary

    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(InputError) as caught:
        read_glossary(path)
    message = str(caught.value)
    assert all(fragment in message for fragment in present), message
    assert not any(fragment in message for fragment in absent), message
    assert message.count("allowed: ") <= 1, message


@pytest.mark.parametrize("variant, fragments", [
    ('xml:lang="fr"', ["m.tmx:6:", "no <tuv> in the target language 'zh'", "'fr'", "--tgt-lang"]),
    ('xml:lang="zh_CN"', []),  # an underscore is a separator too: read as zh
])
def test_tmx_whose_variants_are_in_other_languages(tmp_path, variant, fragments):
    """A TMX whose translations are tagged with another language than --tgt-lang was checked as wholly
    untranslated: one omission finding per unit, exit 1, nothing saying the language codes were wrong."""
    memory = tmp_path / "m.tmx"
    memory.write_text(tmx(TMX_UNIT.format(props="").replace('xml:lang="zh-CN"', variant)), encoding="utf-8")
    proc = run_bitext("qa", memory, "-f", "json", cwd=tmp_path)
    if fragments:
        assert_input_error(proc, *fragments)
    else:
        assert proc.returncode == 0 and SENTENCE_ZH in proc.stdout, (proc.stderr, proc.stdout[:2000])


@pytest.mark.parametrize("command", ["qa pair", "qa tmx", "align corpus"])
def test_source_and_target_in_the_same_language(tmp_path, command):
    """--src-lang and --tgt-lang naming one language ran (exit 0) and compared a text with itself."""
    memory, corpus = tmp_path / "m.tmx", tmp_path / "c.jsonl"
    memory.write_text(tmx(TMX_UNIT.format(props="")), encoding="utf-8")
    corpus.write_text(f'{{"id": "a", "en": "{SENTENCE_EN}", "zh": "{SENTENCE_ZH}"}}\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text(SENTENCE_ZH + "\n", encoding="utf-8")
    args = {"qa pair": ["qa", "--src", "a.txt", "--tgt", "a.txt"], "qa tmx": ["qa", memory],
            "align corpus": ["align", corpus]}[command]
    proc = run_bitext(*args, "--src-lang", "zh-CN", "--tgt-lang", "zh", cwd=tmp_path)
    assert_input_error(proc, "--src-lang and --tgt-lang are both 'zh'")


BOMB = ('<!DOCTYPE {root} [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(7)) + "]>\n")


@pytest.mark.parametrize("kind", ["tmx", "xliff", "tbx"])
@pytest.mark.parametrize("attack", ["nested", "entity bomb"])
def test_hostile_xml_is_refused_without_libxml2_advice(tmp_path, kind, attack):
    """Deeply nested XML and a billion-laughs entity are refused (never expanded), with libxml2's message:
    it told the user to 'use XML_PARSE_HUGE option' or 'see xmlCtxtSetMaxAmplification', parser options
    of the programmer's that bitext leaves off on purpose."""
    deep = "<g>" * 5000 + "x" + "</g>" * 5000
    payload = deep if attack == "nested" else "&h;"
    unit = TMX_UNIT.format(props="").replace(SENTENCE_EN, payload)
    documents = {
        "tmx": ("m.tmx", "tmx", tmx(unit)),
        "xliff": ("a.xlf", "xliff", XLIFF.format(src="en", tgt="zh", en=payload, zh=SENTENCE_ZH)),
        "tbx": ("g.tbx", "tbx", '<?xml version="1.0"?>\n<tbx><text><body><conceptEntry id="c1">'
                                f'<langSec xml:lang="en"><termSec><term>{payload}</term></termSec></langSec>'
                                "</conceptEntry></body></text></tbx>\n"),
    }
    name, root, text = documents[kind]
    if attack == "entity bomb":
        declaration, _, rest = text.partition("\n")
        text = declaration + "\n" + BOMB.format(root=root) + rest
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    memory = tmp_path / "ok.tmx"
    memory.write_text(tmx(TMX_UNIT.format(props="")), encoding="utf-8")
    args = ["qa", memory, "-g", path] if kind == "tbx" else ["qa", path]
    line = assert_input_error(run_bitext(*args, cwd=tmp_path, timeout=60), f"{path}:", "not well-formed XML",
                              "a limit bitext keeps against hostile XML")
    assert "XML_PARSE_HUGE" not in line and "xmlCtxt" not in line


@pytest.mark.parametrize("name", ["bitext.toml", "pyproject.toml"])
def test_config_with_a_utf8_byte_order_mark(tmp_path, name):
    """A config saved by a Windows editor (UTF-8 with BOM, CRLF) was 'not valid TOML (Invalid statement
    (at line 1, column 1))'; every other reader drops the BOM."""
    table = "[tool.bitext]\r\n" if name == "pyproject.toml" else ""
    (tmp_path / name).write_bytes(("\ufeff" + table + 'fail_on = "warning"\r\n').encode("utf-8"))
    proc = run_bitext("config", "show", "-f", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert '"warning"' in proc.stdout and name in proc.stdout, proc.stdout


def test_config_in_utf16_says_so(tmp_path):
    config = tmp_path / "bitext.toml"
    config.write_bytes('fail_on = "warning"\n'.encode("utf-16"))
    assert_input_error(run_bitext("config", "show", "--config", config, cwd=tmp_path), f"{config}: UTF-16")

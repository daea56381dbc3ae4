"""Bad input to ``bitext qa`` through ``python -m bitext``: one stderr line with a hint, exit 2,
no traceback, and no output file left behind. None of these load the model."""

from __future__ import annotations

from cli_qa_helpers import CORPUS, GLOSSARY_HEADER, TMX, XLIFF_12, XLIFF_20, assert_one_line_error, run_bitext

MALFORMED = (
    GLOSSARY_HEADER
    + "C1\tlanreotide\t\t兰瑞肽\t\tpreferred\t\n"
    + "C2\toverall survival\tOS\t\t\tpreferred\t\n"  # line 3: empty zh_term
    + "C3\tneuroendocrine tumor\tNET\t神经内分泌瘤\t\tpreferrd\t\n"  # line 4: unknown status
)


def _no_files_left(directory, keep) -> None:
    assert sorted(p.name for p in directory.iterdir()) == sorted(keep)


def test_malformed_glossary_strict_fails_with_line(tmp_path):
    glossary = tmp_path / "g.tsv"
    glossary.write_text(MALFORMED, encoding="utf-8")
    out = tmp_path / "out.json"
    proc = run_bitext("qa", CORPUS, "--glossary", glossary, "-f", "json", "-o", out)
    assert_one_line_error(proc, f"{glossary}:3:", "empty required cell")
    _no_files_left(tmp_path, ["g.tsv"])


def test_malformed_glossary_lenient_warns_and_continues(tmp_path):
    glossary = tmp_path / "g.tsv"
    glossary.write_text(MALFORMED, encoding="utf-8")
    out = tmp_path / "out.json"
    proc = run_bitext("qa", CORPUS, "--glossary", glossary, "--lenient", "-f", "json", "-o", out,
                      "--ignore-file", tmp_path / "none")
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("bitext: warning:")]
    assert any(f"{glossary}:3:" in w for w in warnings) and any(f"{glossary}:4:" in w for w in warnings)
    assert out.is_file()


def test_glossary_in_gb18030(tmp_path):
    glossary = tmp_path / "g.tsv"
    glossary.write_bytes((GLOSSARY_HEADER + "C1\tlanreotide\t\t兰瑞肽\t\tpreferred\t\n").encode("gb18030"))
    out = tmp_path / "out.json"
    proc = run_bitext("qa", CORPUS, "--glossary", glossary, "-f", "json", "-o", out)
    assert_one_line_error(proc, f"{glossary}:2:", "not UTF-8", "iconv -f GB18030")
    _no_files_left(tmp_path, ["g.tsv"])


def test_tmx_not_well_formed(tmp_path):
    tmx = tmp_path / "m.tmx"
    tmx.write_text(TMX.replace("</tu>\n    <tu>", "\n    <tu>", 1), encoding="utf-8")
    proc = run_bitext("qa", tmx, "-f", "json", "-o", tmp_path / "out.json")
    assert_one_line_error(proc, f"{tmx}:", "not well-formed XML")
    _no_files_left(tmp_path, ["m.tmx"])


def test_xliff_not_well_formed(tmp_path):
    for name, text, broken in (("a.xlf", XLIFF_12, "</trans-unit>"), ("b.xlf", XLIFF_20, "</segment>")):
        path = tmp_path / name
        path.write_text(text.replace(broken, "", 1), encoding="utf-8")
        proc = run_bitext("qa", path, "-f", "json", "-o", tmp_path / "out.json")
        assert_one_line_error(proc, f"{path}:", "not well-formed XML")
        line = int(proc.stderr.split(f"{path}:", 1)[1].split(":", 1)[0])
        assert line > 1
    _no_files_left(tmp_path, ["a.xlf", "b.xlf"])


def test_missing_input_and_bad_jsonl(tmp_path):
    proc = run_bitext("qa", tmp_path / "nope.jsonl", "-o", tmp_path / "out.json")
    assert_one_line_error(proc, "no such file")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "en": "x."}\n', encoding="utf-8")
    proc = run_bitext("qa", bad, "-o", tmp_path / "out.json")
    assert_one_line_error(proc, f"{bad}:1:", "'zh'")
    _no_files_left(tmp_path, ["bad.jsonl"])


def test_bad_config_file(tmp_path):
    (tmp_path / "bitext.toml").write_text('fail_on = "warning"\ncolour = true\n', encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(CORPUS.read_text(encoding="utf-8"), encoding="utf-8")
    proc = run_bitext("qa", corpus, "-o", tmp_path / "out.json", cwd=tmp_path)
    assert_one_line_error(proc, str(tmp_path / "bitext.toml"), "'colour'")
    (tmp_path / "bitext.toml").write_text("fail_on = \n", encoding="utf-8")
    proc = run_bitext("qa", corpus, cwd=tmp_path)
    assert_one_line_error(proc, "not valid TOML")
    _no_files_left(tmp_path, ["bitext.toml", "c.jsonl"])

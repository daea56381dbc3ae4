"""validate_glossary: each kind of problem, reported at its line."""

from __future__ import annotations

import pytest

from bitext.glossary import validate_glossary

HEADER = "concept_id\ten_term\ten_variants\tzh_term\tzh_admitted_variants\tstatus\tnote\n"
GOOD = "C1\toctreotide\t\t奥曲肽\t\tpreferred\t\n"  # line 2


def problems(tmp_path, body: str, name: str = "g.tsv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes((HEADER + GOOD + body).encode(encoding))
    return [(p.line, p.code, p.severity) for p in validate_glossary(path)]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("", []),
        # duplicate Chinese term in one concept
        ("C1\toctreotide\t\t奥曲肽\t\tpreferred\t\n", [(3, "duplicate", "warning")]),
        # same term approved and forbidden in one concept
        ("C1\toctreotide\t\t奥曲肽\t\tforbidden\t\n", [(3, "contradictory-status", "error")]),
        # one English term in two concepts
        ("C2\toctreotide\t\t善宁\t\tpreferred\t\n", [(3, "duplicate", "warning")]),
        # English variant repeated on its own row
        ("C3\tlanreotide\tlanreotide\t兰瑞肽\t\tpreferred\t\n", [(3, "duplicate", "warning")]),
        # empty required cells, unknown status, too many cells
        ("C4\t\t\t兰瑞肽\t\tpreferred\t\n", [(3, "empty-cell", "error")]),
        ("\tlanreotide\t\t兰瑞肽\t\tpreferred\t\n", [(3, "empty-cell", "error")]),
        ("C4\tlanreotide\t\t兰瑞肽\t\tok\t\n", [(3, "unknown-status", "error")]),
        ("C4\tlanreotide\t\t兰瑞肽\t\tpreferred\tnote\textra\n", [(3, "malformed", "error")]),
        # terms that cannot match anything
        ("C5\t---\t\t兰瑞肽\t\tpreferred\t\n", [(3, "unmatchable", "error")]),
        ("C5\tlanreotide\t\t（）\t\tpreferred\t\n", [(3, "unmatchable", "error")]),
        ("C5\tSPECT/CT\t\tSPECT/CT\t镥-177\tkeep-latin\t\n", [(3, "unmatchable", "error")]),
        ("C5\tlutetium\t\t镥\t\tpreferred\t\n", [(3, "unmatchable", "warning")]),
        ("C5\t奥曲肽 octreotide\t\t奥曲肽\t\tpreferred\t\n", [(3, "unmatchable", "error")]),
        # a concept with nothing approved to suggest
        ("C6\tsandostatin\t\t善宁\t\tforbidden\t\n", [(3, "no-approved-term", "warning")]),
    ],
)
def test_problems_at_their_line(tmp_path, body, expected):
    assert problems(tmp_path, body) == expected


def test_forbidden_row_may_repeat_its_english_term(tmp_path):
    # the seed glossary's pattern: a forbidden row names the English term it is a wrong rendering of
    assert problems(tmp_path, "C1\toctreotide\t\t奥曲太\t\tforbidden\t\n") == []


def test_several_problems_sorted_by_line(tmp_path):
    body = "C4\tlanreotide\t\t兰瑞肽\t\tok\t\n" + "C1\toctreotide\t\t奥曲肽\t\tforbidden\t\n"
    assert [line for line, _, _ in problems(tmp_path, body)] == [3, 4]


def test_unreadable_file_is_one_problem(tmp_path):
    found = validate_glossary(_write(tmp_path, "gb.tsv",
                                     (HEADER + "C1\ta\t\t奥曲肽\t\tpreferred\t\n").encode("gb18030")))
    assert [(p.line, p.code) for p in found] == [(2, "encoding")]
    assert "gb.tsv:2" in str(found[0])


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_seed_glossary_has_no_errors():
    from qa_helpers import SEED_GLOSSARY

    if not SEED_GLOSSARY.is_file():
        pytest.skip("../shared seed glossary not available")
    assert not [p for p in validate_glossary(SEED_GLOSSARY) if p.severity == "error"]


def test_rows_disagreeing_on_requirement_are_a_warning_naming_their_lines(tmp_path):
    header = HEADER.rstrip("\n") + "\trequirement\n"
    body = ("C5\toctreotide\t\t奥曲肽\t\tpreferred\t\tmandatory\n"  # line 2
            "C6\tlanreotide\t\t兰瑞肽\t\tpreferred\t\tpreferred\n"
            "C5\toctreotide\t\t奥曲太\t\tforbidden\t\t\n"  # empty cell: says nothing
            "C5\toctreotide\t\t善宁\t\tdiscouraged\t\tpreferred\n"  # line 5
            "C6\tlanreotide\t\t兰瑞太\t\tforbidden\t\toptional\n")  # both preferred: agree
    path = tmp_path / "g.tsv"
    path.write_text(header + body, encoding="utf-8")
    found = [p for p in validate_glossary(path) if p.code == "contradictory-requirement"]
    assert [(p.line, p.severity, p.message) for p in found] == [
        (5, "warning", "concept C5: rows disagree on requirement (mandatory on line 2, preferred on line 5); "
                       "mandatory applies")]


def test_unknown_requirement_has_a_hint(tmp_path):
    from bitext.errors import InputError
    from bitext.glossary import read_glossary

    path = tmp_path / "g.tsv"
    path.write_text(HEADER.rstrip("\n") + "\trequirement\n" + "C1\toctreotide\t\t奥曲肽\t\tpreferred\t\tsometimes\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_glossary(path)
    assert "allowed: mandatory, preferred" in error.value.message  # in the message: glossary check shows it too
    assert (2, "unknown-requirement", "error") in [(p.line, p.code, p.severity) for p in validate_glossary(path)]


def test_tbx_concept_without_a_chinese_term_is_a_warning(tmp_path):
    """A TBX entry with English only (another language pair's, or unfinished) gives the checks
    nothing to require or suggest: say so rather than "no problems"."""
    path = _write(tmp_path, "g.tbx", """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>t</p></sourceDesc></fileDesc></martifHeader>
<text><body>
  <termEntry id="C1"><langSet xml:lang="en"><tig><term>lanreotide</term></tig></langSet>
    <langSet xml:lang="zh"><tig><term>兰瑞肽</term></tig></langSet></termEntry>
  <termEntry id="C2"><langSet xml:lang="en"><tig><term>octreotide</term></tig></langSet>
    <langSet xml:lang="fr"><tig><term>octréotide</term></tig></langSet></termEntry>
</body></text></martif>
""".encode())
    found = validate_glossary(path)
    assert [(p.code, p.severity) for p in found] == [("no-chinese-term", "warning")]
    assert "C2 has no Chinese term" in found[0].message

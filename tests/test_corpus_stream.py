"""The JSONL corpus reader: validated in one pass, then read as a stream."""

from __future__ import annotations

import json

import pytest

from bitext.errors import InputError
from bitext.io.corpus import JsonlCorpus, read_jsonl_corpus


def write_lines(path, lines: list[bytes]) -> str:
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return str(path)


def record(doc_id: str, en="Tumours shrank. Two responded.", zh="肿瘤缩小。两例有效。", **extra) -> bytes:
    return json.dumps({"id": doc_id, "en": en, "zh": zh, **extra}, ensure_ascii=False).encode("utf-8")


def test_stream_yields_documents_with_their_lines_and_refs(tmp_path):
    path = write_lines(tmp_path / "c.jsonl", [b"\xef\xbb\xbf" + record("a"), b"", b"   ",
                                               record("b", zh=["甲。", "乙。"], ref="丙。丁。")])
    corpus = JsonlCorpus(path, "en", "zh")
    assert corpus.validate() == 2 and corpus.has_ref
    records = list(corpus)
    assert [(r.document.id, r.line, r.ref) for r in records] == [("a", 1, None), ("b", 4, "丙。丁。")]
    assert records[0].document.src == ["Tumours shrank.", "Two responded."]
    assert records[1].document.tgt == ["甲。", "乙。"]
    assert [d.id for d in corpus.documents()] == ["a", "b"]  # read again from disk
    assert read_jsonl_corpus(path, "en", "zh") == [r.document for r in records]


@pytest.mark.parametrize("lines, message", [
    ([record("a"), b"\xff\xfe{}"], "c.jsonl:2: not UTF-8 (invalid byte 0xff at column 1)"),
    ([record("a"), b"{oops"], "c.jsonl:2: not valid JSON"),
    ([record("a"), record("a")], "c.jsonl:2: duplicate id 'a' (first on line 1)"),
    ([record("a", zh="  ")], "c.jsonl:1: field 'zh' is empty"),
    ([b"[1, 2]"], "c.jsonl:1: expected a JSON object, got an array"),
    ([b"", b"  "], "c.jsonl: empty"),
])
def test_validation_names_the_line_before_any_document_is_read(tmp_path, lines, message):
    corpus = JsonlCorpus(write_lines(tmp_path / "c.jsonl", lines), "en", "zh")
    with pytest.raises(InputError) as caught:
        corpus.validate()
    assert message in str(caught.value)


def test_bad_line_after_many_good_ones_is_found_by_validate(tmp_path):
    lines = [record(f"d{i}") for i in range(200)] + [b'{"id": "x", "en": "A."}']
    corpus = JsonlCorpus(write_lines(tmp_path / "c.jsonl", lines), "en", "zh")
    with pytest.raises(InputError, match=r"c\.jsonl:201: no 'zh' field"):
        corpus.validate()


def test_stdin_is_read_once_and_kept(monkeypatch):
    import io
    import sys

    data = record("a") + b"\n" + record("b") + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    corpus = JsonlCorpus("-", "en", "zh")
    assert corpus.validate() == 2
    assert [d.id for d in corpus.documents()] == ["a", "b"]
    assert [d.id for d in corpus.documents()] == ["a", "b"]


def test_a_null_ref_is_an_error_not_a_missing_reference(tmp_path):
    from bitext.io.inputs import InputFiles, load_inputs

    path = write_lines(tmp_path / "c.jsonl", [record("a"), record("b", ref=None)])
    with pytest.raises(InputError, match=r"c\.jsonl:2: field 'ref' must be a string or a list of strings"):
        load_inputs(InputFiles(corpus=path))


def test_a_corpus_that_changes_after_validation_is_an_input_error(tmp_path):
    path = write_lines(tmp_path / "c.jsonl", [record("a"), record("b")])
    corpus = JsonlCorpus(path, "en", "zh")
    corpus.validate()
    with open(path, "ab") as handle:
        handle.write(b'{"en": "no id"}\n')
    with pytest.raises(InputError, match="changed while it was being read"):
        list(corpus)


def test_a_read_error_in_the_middle_of_a_corpus_is_an_input_error_naming_it(tmp_path, monkeypatch):
    import builtins

    from bitext.io import text

    path = write_lines(tmp_path / "c.jsonl", [record("a"), record("b")])
    real_open = builtins.open

    class FailingAfterOneLine:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def __iter__(self):
            yield next(iter(self.handle))
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(text, "open", lambda name, mode="r": FailingAfterOneLine(real_open(name, mode)), raising=False)
    lines = text.iter_lines(path)
    assert next(lines)[0] == 1
    with pytest.raises(InputError, match=r"c\.jsonl: cannot read \(Input/output error\)"):
        next(lines)


def test_a_file_removed_between_check_and_read_is_an_input_error(tmp_path, monkeypatch):
    from bitext.io import text

    path = write_lines(tmp_path / "c.jsonl", [record("a")])

    def removed(name, mode="r"):
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(text, "open", removed, raising=False)
    with pytest.raises(InputError, match=r"c\.jsonl: no such file"):
        list(text.iter_lines(path))

"""bitext.segment.jieba_words: jieba with its dictionary read on demand cuts exactly as jieba does."""

from __future__ import annotations

from pathlib import Path

import pytest

from bitext.segment import jieba_words

SEED = Path(__file__).resolve().parent.parent / "corpora" / "seed"

TEXTS = [
    (SEED / "cutaneous-net-prrt.zh.txt").read_text(encoding="utf-8"),
    "世界卫生组织（WHO）宣布新型冠状病毒肺炎疫情构成国际关注的突发公共卫生事件。",
    "患者很少需要透析；12.5%的受试者在第3期试验中出现不良反应，HR 0.72 (95% CI, 0.61-0.85)。",
    "兰瑞奥肽与奥曲肽均为生长抑素类似物，PRRT治疗后NEN患者的无进展生存期延长。",
    "",
    "abc 123",
    "鬱 齉 𠀀 ㄅ",  # rare and astral characters: absent from the dictionary
]
# Already in jieba's dictionary (its frequency changes), new, new with a known prefix, Latin inside.
ADDED = ["世界卫生组织", "兰瑞奥肽", "神经内分泌瘤", "肽受体放射性核素治疗", "PRRT治疗", "无进展生存期"]


@pytest.fixture(autouse=True)
def fresh_file_cache():
    """Each test finds the word file anew in this module's cache folder."""
    jieba_words.dictionary_in.cache_clear()
    yield
    jieba_words.dictionary_in.cache_clear()


@pytest.fixture(scope="module")
def reference(module_cache):
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(module_cache)
    tokenizer.initialize()
    for word in ADDED:
        tokenizer.add_word(word)
    return tokenizer


def cuts(tokenizer) -> list:
    return [list(tokenizer.tokenize(text, mode=mode, HMM=hmm))
            for text in TEXTS for mode in ("default", "search") for hmm in (True, False)]


def on_demand():
    tokenizer = jieba_words.tokenizer()
    for word in ADDED:
        tokenizer.add_word(word)
    return tokenizer


def test_cuts_are_jiebas(reference):
    tokenizer = on_demand()
    assert cuts(tokenizer) == cuts(reference)
    assert tokenizer.total == reference.total
    assert len(tokenizer.FREQ) < len(reference.FREQ) / 100  # only what the texts needed was read


def test_cuts_are_jiebas_after_the_whole_dictionary_is_loaded(reference, monkeypatch):
    monkeypatch.setattr(jieba_words, "FULL_LOAD_AFTER", 0)
    tokenizer = on_demand()
    tokenizer.lcut("第一句")  # the next cut loads everything, keeping what add_word changed
    assert len(tokenizer.FREQ) == len(reference.FREQ)
    assert cuts(tokenizer) == cuts(reference)
    assert tokenizer.FREQ == reference.FREQ


def test_the_file_holds_jiebas_dictionary(reference):
    import jieba

    plain = jieba.Tokenizer()
    plain.tmp_dir = reference.tmp_dir
    plain.initialize()
    dictionary = jieba_words.compact_dictionary()
    assert dictionary.items() == plain.FREQ
    assert dictionary.total == plain.total
    assert dictionary.get("世界") == plain.FREQ["世界"] > 0
    assert dictionary.get("世界卫") == 0  # a prefix of a word, not a word
    assert dictionary.get("齉齉齉") is None


def test_the_file_is_built_once_per_user(module_cache, monkeypatch):
    jieba_words.compact_dictionary()
    files = list(module_cache.glob("jieba-words-*.bin"))
    assert len(files) == 1
    jieba_words.dictionary_in.cache_clear()
    monkeypatch.setattr(jieba_words, "_jieba_dictionary", lambda: pytest.fail("rebuilt"))
    assert jieba_words.compact_dictionary().get("世界")


def test_a_damaged_file_is_rebuilt(module_cache):
    jieba_words.compact_dictionary()
    (path,) = module_cache.glob("jieba-words-*.bin")
    path.write_bytes(b"not a word file")
    jieba_words.dictionary_in.cache_clear()
    assert jieba_words.compact_dictionary().get("世界")
    assert path.read_bytes().startswith(b"BXJIEBA")


def test_encode_rejects_what_it_cannot_store():
    with pytest.raises(ValueError):
        jieba_words.encode({"a\nb": 1}, 1)
    with pytest.raises(ValueError):
        jieba_words.CompactDictionary(b"\0" * 64)

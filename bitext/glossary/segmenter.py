"""jieba word boundaries with glossary terms as user words, to reject matches inside longer words.

A private ``jieba.Tokenizer`` per term set: ``add_word`` on the global one would leak into
other users of jieba in the process (and repeated additions misbehave, fxsjy/jieba#946).
Its dictionary cache goes to bitext's cache directory, never the shared temp dir, and
jieba's "Building prefix dict" chatter is silenced.
"""

from __future__ import annotations

import functools
import logging


class WordBoundaries:
    def __init__(self, words: frozenset[str]):
        import jieba  # imported lazily: only needed when a Chinese term actually matched

        from bitext.paths import cache_dir, usable_dir

        logging.getLogger("jieba").setLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        folder = cache_dir()  # shared with bitext.termex: one jieba.cache per user
        if usable_dir(folder):  # else jieba's own default (the system's temp dir)
            tokenizer.tmp_dir = str(folder)
        tokenizer.initialize()
        for word in sorted(words):
            # freq=None lets jieba suggest a frequency just high enough to keep the word whole,
            # rather than overriding the built-in one (fxsjy/jieba#222).
            tokenizer.add_word(word)
        self._tokenizer = tokenizer

    def __call__(self, text: str) -> frozenset[int]:
        """Offsets where a word starts or ends (0 and len(text) included)."""
        cuts = {0, len(text)}
        for _, start, end in self._tokenizer.tokenize(text):
            cuts.update((start, end))
        return frozenset(cuts)

    def words(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every word jieba's search mode sees, the parts of long dictionary
        words included (世界卫生组织: 世界, 卫生, 组织 and the whole), in order, no HMM guesses."""
        return sorted({(start, end) for _, start, end in self._tokenizer.tokenize(text, mode="search", HMM=False)})


@functools.lru_cache(maxsize=8)
def word_boundaries(words: frozenset[str]) -> WordBoundaries:
    """A cached segmenter per term set (building one loads jieba's dictionary, ~1 s)."""
    return WordBoundaries(words)

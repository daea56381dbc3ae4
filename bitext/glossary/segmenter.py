"""jieba word boundaries with glossary terms as user words, to reject matches inside longer words.

A private ``jieba.Tokenizer`` per term set: ``add_word`` on the global one would leak into
other users of jieba in the process (and repeated additions misbehave, fxsjy/jieba#946).
Its dictionary is read on demand from a file in bitext's cache directory (bitext.segment.jieba_words),
never the shared temp dir.
"""

from __future__ import annotations

import functools


class WordBoundaries:
    def __init__(self, words: frozenset[str]):
        # jieba loads lazily, and its dictionary on demand: only needed when a Chinese term matched
        from bitext.segment.jieba_words import tokenizer as jieba_tokenizer

        tokenizer = jieba_tokenizer()
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
    """A cached segmenter per term set (adding the terms cuts each of them once)."""
    return WordBoundaries(words)

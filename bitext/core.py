"""Plain data passed between the segmenter, the aligner, the readers and writers and the checks.

The bottom layer (with bitext.errors and bitext.paths): the embedders join sentences as the
aligner does and the readers build documents, so neither may take these from bitext.align.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bead:
    """One alignment link: consecutive source and target sentence indices.

    Either side may be empty (a 1-0 or 0-1 bead), never both.
    ``confidence`` is in [0, 1]; ``score`` is the raw DP score of the bead (margin and length
    prior included); ``similarity`` is the plain cosine of the two sides' block vectors (None for
    a 1-0 or 0-1 bead, or when not computed), the quantity QA reports for every input format.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    confidence: float = 1.0
    score: float = 0.0
    similarity: float | None = field(default=None, compare=False)

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass
class Document:
    """A document as sentences on both sides."""

    id: str
    src: list[str]
    tgt: list[str]
    src_lang: str = "en"
    tgt_lang: str = "zh"


@dataclass
class Alignment:
    """An aligned document: the sentences and the monotone beads covering them."""

    document: Document
    beads: list[Bead]
    signature: dict = field(default_factory=dict)

    def pairs(self) -> list[tuple[str, str, Bead]]:
        """Source and target text of each bead (sentences joined by the language's separator)."""
        doc = self.document
        return [
            (
                join_sentences([doc.src[i] for i in b.src], doc.src_lang),
                join_sentences([doc.tgt[j] for j in b.tgt], doc.tgt_lang),
                b,
            )
            for b in self.beads
        ]


def join_sentences(sentences: list[str], lang: str) -> str:
    """Join sentences as they would stand in running text (no space in Chinese)."""
    sep = "" if lang.lower().startswith(("zh", "ja")) else " "
    return sep.join(sentences)

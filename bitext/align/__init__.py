"""Sentence alignment: monotone n-m beads over sentence embeddings."""

# Most sentences in one bead, both sides together. Bertalign uses 5; 7 also reaches the
# 1-5, 2-4 and 3-3 beads of literary text (MAC-Dev strict F1 +0.004 with use-m3, +0.002 with
# EmbeddingGemma; ParaMed-NEJM unchanged) for about 0.5 s more DP on MAC-Dev.
DEFAULT_MAX_BEAD = 7

"""Sentence embedding backends: a list of texts in, an L2-normalised float32 matrix out."""

from bitext.embed.base import Encoder, normalise_rows
from bitext.embed.registry import DEFAULT_MODEL, get_encoder

__all__ = ["Encoder", "normalise_rows", "DEFAULT_MODEL", "get_encoder"]

"""Resolve a model name given by the user to an encoder, importing heavy packages only then."""

from __future__ import annotations

from pathlib import Path

from bitext.embed.base import Encoder
from bitext.errors import ModelError
from bitext.models import DEFAULT_MODEL


def get_encoder(name: str | None = None) -> Encoder:
    """``use-m3`` (default), an installed manifest model such as ``embeddinggemma-300m``,
    or a local SentenceTransformer folder (``st:NAME`` forces the sentence-transformers backend)."""
    name = name or DEFAULT_MODEL
    if name == "use-m3":
        from bitext.embed.use_m3 import UseM3Encoder

        return UseM3Encoder()

    from bitext.models import catalog

    manifest = catalog.find_manifest(name)
    if manifest is not None:
        folder = catalog.require_installed(manifest)
        from bitext.embed.sentence_transformers import SentenceTransformerEncoder

        return SentenceTransformerEncoder(
            str(folder), display_name=manifest.name, fingerprint=manifest.fingerprint,
            dtype=manifest.load.get("dtype"), prompt_name=manifest.load.get("prompt_name"),
        )

    target = name[3:] if name.startswith("st:") else name
    if name.startswith("st:") or Path(target).expanduser().is_dir():
        from bitext.embed.sentence_transformers import SentenceTransformerEncoder

        path = Path(target).expanduser()
        return SentenceTransformerEncoder(str(path) if path.is_dir() else target)

    known = ", ".join(dict.fromkeys([DEFAULT_MODEL, *catalog.manifest_names()]))
    raise ModelError(f"unknown model {name!r}",
                     hint=f"known models: {known}; or give a local sentence-transformers folder")

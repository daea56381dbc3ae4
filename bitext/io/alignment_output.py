"""Writing what ``bitext align`` produces: alignments streamed to a file, to stdout, or one
``ID.align`` file per document in a folder (beads format for a corpus)."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from bitext.core import Alignment
from bitext.errors import BitextError
from bitext.io.alignment_formats import iter_render, write_beads
from bitext.io.atomic import atomic_open, atomic_write_text, output_folder


def write_alignments(alignments: Iterable[Alignment], fmt: str, output: str | None = None, *,
                     out_dir: Path | None = None, stdout: BinaryIO | None = None) -> None:
    """Render ``alignments`` as they come (memory flat in corpus size) in ``fmt`` (beads, tsv,
    jsonl or tmx) to ``output``: a file written atomically or stdout (``None`` or ``-``); or, given
    ``out_dir``, one ``ID.align`` beads file per document in that folder (created with the first
    file, and removed again if the run fails before it holds any: no empty folder left behind).

    An OSError is the output's (a corpus read while aligning turns its own into InputError) and
    becomes a BitextError naming ``output``.
    """
    try:
        if out_dir is not None:
            with output_folder(out_dir) as folder:
                for al in alignments:
                    atomic_write_text(folder() / f"{al.document.id}.align", write_beads(al))
        elif output and output != "-":
            with atomic_open(output) as handle:
                for piece in iter_render(alignments, fmt):
                    handle.write(piece)
        else:
            stream = stdout or sys.stdout.buffer
            for piece in iter_render(alignments, fmt):
                stream.write(piece.encode("utf-8"))
                stream.flush()
    except OSError as error:
        raise BitextError(f"{out_dir or output}: cannot write ({error.strerror or error})") from None

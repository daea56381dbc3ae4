"""``bitext align``: sentence-align two files or a JSONL corpus."""

import time
from pathlib import Path

import typer

from bitext.align import DEFAULT_MAX_BEAD
from bitext.cli.engine_options import ADDRESS, ENGINE, OUTPUT_DIR, RAY_WORKERS, SHARD_DOCS
from bitext.errors import ConfigError, ModelError, value_origin


def align(
    corpus: str | None = typer.Argument(None, metavar="CORPUS.jsonl",
                                        help='JSONL corpus, one {"id", "en", "zh"} document per line.'),
    src: str | None = typer.Option(None, "--src",
                                   help="Source text file (paragraphs, or one sentence per line with --presplit)."),
    tgt: str | None = typer.Option(None, "--tgt", help="Target text file."),
    src_lang: str = typer.Option("en", "--src-lang", help="Source language: en or zh."),
    tgt_lang: str = typer.Option("zh", "--tgt-lang", help="Target language: en or zh."),
    presplit: bool = typer.Option(False, "--presplit", help="Inputs are already one sentence per line."),
    # no envvar: BITEXT_FORMAT is bitext qa's report format (text, json, html ...), documented as such
    fmt: str = typer.Option("tsv", "--format", "-f", help="beads, tsv, jsonl or tmx."),
    output: str | None = typer.Option(None, "--output", "-o",
                                      help="Output file; for a corpus in beads format, a directory (one ID.align per "
                                           "document). Default: stdout."),
    model: str | None = typer.Option(None, "--model", "-m",
                                     help="use-m3, embeddinggemma-300m, or a local sentence-transformers folder. "
                                          "Default: BITEXT_MODEL, else use-m3."),
    max_bead: int = typer.Option(DEFAULT_MAX_BEAD, "--max-bead", min=2, max=8,
                                 help="Most sentences in one bead, both sides together."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the embedding cache."),
    cache_dir: Path | None = typer.Option(None, "--cache-dir",
                                          help="Embedding cache directory (default: "
                                               "BITEXT_CACHE_DIR or the user cache dir)."),
    engine: str = ENGINE,
    address: str | None = ADDRESS,
    shard_docs: int | None = SHARD_DOCS,
    workers: int | None = RAY_WORKERS,
    output_dir: str | None = OUTPUT_DIR,
) -> None:
    """Align sentences with multilingual embeddings into monotone n-m beads, each with a confidence."""
    from bitext.align.pipeline import align_corpus
    from bitext.cli.engine_options import output_dir_path, ray_settings
    from bitext.cli.progress import progress_bar
    from bitext.config import check_choice
    from bitext.io.alignment_formats import FORMATS
    from bitext.io.alignment_output import write_alignments
    from bitext.io.atomic import refuse_inputs
    from bitext.io.corpus import JsonlCorpus, open_corpus, read_pair
    from bitext.io.inputs import InputFiles

    fmt = check_choice(fmt, FORMATS, "--format")
    if corpus and (src or tgt):
        raise ConfigError("give either a CORPUS.jsonl or --src and --tgt, not both")
    ray = ray_settings(engine, address, shard_docs, workers)
    parts_dir = output_dir_path(output_dir, output)
    refuse_inputs(output, {"CORPUS": corpus, "--src": src, "--tgt": tgt})
    if ray is not None and not corpus:
        raise ConfigError("--engine ray aligns a JSONL or Parquet corpus", hint="give CORPUS.jsonl, or --engine local")

    # Read and validate every input before loading the model or writing anything; a corpus
    # is then read again document by document and written as it is aligned.
    if corpus:
        source = open_corpus(corpus, src_lang, tgt_lang, presplit)
        # progress: documents aligned for a corpus, sentences embedded for one pair of files
        unit, total = "aligning", source.validate()
        docs = source.documents()
    elif src and tgt:
        pair = read_pair(src, tgt, src_lang, tgt_lang, presplit)
        unit, total = "embedding", len(pair.src) + len(pair.tgt)
        docs = iter([pair])
    else:
        raise ConfigError("nothing to align", hint="give CORPUS.jsonl, or both --src and --tgt")
    out_dir: Path | None = None  # a corpus in beads format: one file per document
    if corpus and fmt == "beads" and parts_dir is None:
        if not output:
            raise ConfigError("a corpus in beads format needs -o DIR", hint="one ID.align file is written per document")
        out_dir = Path(output)
        if out_dir.exists() and not out_dir.is_dir():
            raise ConfigError(f"{output}: exists and is not a directory")

    import logging

    log = logging.getLogger("bitext")
    start = time.perf_counter()
    from bitext.config import flag_or_env  # reads the QA checks and report formats: not for --help

    chosen = flag_or_env(model, "model")
    if ray is not None:
        assert corpus is not None and isinstance(source, JsonlCorpus)  # checked above
        _align_on_ray(source, InputFiles(corpus=corpus, src_lang=src_lang, tgt_lang=tgt_lang, presplit=presplit),
                      chosen, ray, max_bead, no_cache, cache_dir, fmt, output, out_dir, parts_dir)
        log.info("aligned %d document(s) in %.1f s", total, time.perf_counter() - start)
        return
    done = {"documents": 0, "sentences": 0}
    with progress_bar(unit, total) as advance, value_origin(chosen.origin("model"), kinds=(ModelError,)):

        def on_document(doc) -> None:
            done["documents"] += 1
            done["sentences"] += len(doc.src) + len(doc.tgt)
            if corpus:
                advance(1)

        alignments = align_corpus(docs, chosen.value, max_bead=max_bead, use_cache=not no_cache, cache_dir=cache_dir,
                                  progress=None if corpus else advance, on_document=on_document)
        if parts_dir is not None:
            _write_parts(alignments, fmt, parts_dir, [(total if corpus else 1, None, None)])
        else:
            write_alignments(alignments, fmt, output, out_dir=out_dir)
    log.info("aligned %d document(s), %d sentences in %.1f s", done["documents"], done["sentences"],
             time.perf_counter() - start)


def _align_on_ray(source, inputs, chosen, ray, max_bead: int, no_cache: bool, cache_dir: Path | None, fmt: str,
                  output: str | None, out_dir: Path | None, parts_dir: Path | None) -> None:
    """Every shard aligned on the cluster, then (only then) the output written."""
    from bitext.cli.progress import progress_bar
    from bitext.distributed.align import AlignJob, align_on_ray
    from bitext.io.alignment_output import write_alignments

    job = AlignJob(inputs, chosen.value, max_bead, use_cache=not no_cache, cache_dir=cache_dir)
    with progress_bar("aligning", source.count) as advance, value_origin(chosen.origin("model"), kinds=(ModelError,)):
        spool, plan = align_on_ray(source, job, ray, advance)
    with spool:
        if parts_dir is not None:
            _write_parts(iter(spool), fmt, parts_dir, [(s.count, s.first_line, s.last_line) for s in plan.shards])
        else:
            write_alignments(iter(spool), fmt, output, out_dir=out_dir)


_SUFFIXES = {"tsv": ".tsv", "jsonl": ".jsonl", "tmx": ".tmx"}


def _write_parts(alignments, fmt: str, parts_dir: Path, ranges: list[tuple[int, int | None, int | None]]) -> None:
    """--output-dir: one part per shard (``count`` alignments each, in order); in beads format one
    ID.align per document instead. Then the manifest and _SUCCESS."""
    import itertools

    from bitext.distributed.output_dir import part_name, write_partitioned
    from bitext.io.alignment_formats import write_beads
    from bitext.io.alignment_output import write_alignments
    from bitext.io.atomic import atomic_write_text

    stream = iter(alignments)
    signature: dict = {}
    described: list[dict] = []

    def counted(count: int, record: dict):
        for al in itertools.islice(stream, count):  # streamed: a part is never held in memory
            signature.update(signature or al.signature)
            record["documents"] += 1
            yield al

    def parts():
        for index, (count, first_line, last_line) in enumerate(ranges):
            record: dict = {"documents": 0, "first_line": first_line, "last_line": last_line}
            described.append(record)
            if fmt == "beads":
                for al in counted(count, record):
                    yield f"{al.document.id}.align", lambda path, al=al: atomic_write_text(path, write_beads(al))
            else:
                record["part"] = name = part_name(index, _SUFFIXES[fmt])
                shard = counted(count, record)
                yield name, lambda path, shard=shard: write_alignments(shard, fmt, str(path))

    write_partitioned(parts_dir, parts(), {"command": "align", "format": fmt, "signature": signature,
                                           "shards": described})


def register(app: typer.Typer) -> None:
    app.command("align")(align)

"""``bitext glossary build`` and ``bitext glossary merge``: propose term pairs, merge the accepted ones."""

from pathlib import Path

import typer

from bitext.cli.engine_options import ADDRESS, ENGINE, OUTPUT_DIR, SHARD_DOCS
from bitext.errors import BitextError, ModelError, value_origin


def build(
    corpus: str | None = typer.Argument(None, metavar="CORPUS",
                                        help="JSONL corpus ({\"id\", \"en\", \"zh\"} per "
                                             "line), or aligned TMX or XLIFF."),
    src: str | None = typer.Option(None, "--src", help="English text file (aligned first)."),
    tgt: str | None = typer.Option(None, "--tgt", help="Chinese text file."),
    glossary: Path | None = typer.Option(None, "--glossary", "-g",
                                         help="Existing glossary (TSV/CSV/TBX): its terms are marked "
                                              "known and not proposed again."),
    min_freq: int = typer.Option(2, "--min-freq", min=1,
                                 help="Co-occurrence candidates must be seen in this many aligned pairs."),
    limit: int | None = typer.Option(None, "--limit", "-n", min=1,
                                     help="Keep exactly the best N candidates. Default: the best 200 and, "
                                          "after them, every candidate seen in 3 or more aligned pairs that "
                                          "is the usual rendering of its English."),
    fmt: str = typer.Option("tsv", "--format", "-f",
                            help="tsv (glossary columns + score, frequency, method, examples, "
                                 "decision) or tbx (TBX-Basic)."),
    output: str | None = typer.Option(None, "--output", "-o", help="Output file (atomic); default stdout."),
    presplit: bool = typer.Option(False, "--presplit", help="Inputs are already one sentence per line."),
    embeddings: bool = typer.Option(False, "--embeddings",
                                    help="Re-rank candidates by the embedding similarity of the two terms."),
    model: str | None = typer.Option(None, "--model", "-m",
                                     help="Model for aligning unaligned input. Default: BITEXT_MODEL, else use-m3."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not use the embedding cache."),
    workers: int | None = typer.Option(None, "--workers", min=1, max=64,
                                       help="Processes for the extraction pass (default: up to 2 "
                                            "cores; 1 = in this process); with --engine ray, actors."),
    engine: str = ENGINE,
    address: str | None = ADDRESS,
    shard_docs: int | None = SHARD_DOCS,
    output_dir: str | None = OUTPUT_DIR,
) -> None:
    """Propose EN-ZH term pairs from aligned corpora, best first, for a terminologist to review."""
    from bitext.cli.engine_options import output_dir_path, ray_settings
    from bitext.cli.progress import progress_bar
    from bitext.config import check_choice, flag_or_env  # reads the QA checks and report formats: not for --help
    from bitext.io.atomic import refuse_inputs
    from bitext.io.inputs import InputFiles
    from bitext.termex.formats import (
        candidates_tbx_bytes,
        candidates_tsv_text,
        write_candidates_tbx,
        write_candidates_tsv,
    )
    from bitext.termex.pipeline import propose_terms

    fmt = check_choice(fmt, ("tsv", "tbx"), "--format")

    ray = ray_settings(engine, address, shard_docs, workers, local_workers=True)
    parts_dir = output_dir_path(output_dir, output)
    refuse_inputs(output, {"CORPUS": corpus, "--src": src, "--tgt": tgt, "--glossary": glossary})
    chosen = flag_or_env(model, "model")
    inputs = InputFiles(corpus=corpus, src=src, tgt=tgt, presplit=presplit)
    first_pass_for = None
    if ray is not None:
        from bitext.distributed.glossary import ray_first_pass

        first_pass_for = ray_first_pass(ray, inputs, chosen.value, use_cache=not no_cache)
    with value_origin(chosen.origin("model"), kinds=(ModelError,)):
        candidates = propose_terms(inputs, glossary, model=chosen.value, use_cache=not no_cache, min_freq=min_freq,
                                   limit=limit, embeddings=embeddings, workers=None if ray else workers,
                                   progress=progress_bar, first_pass_for=first_pass_for)
    if parts_dir is not None:
        from bitext.distributed.output_dir import write_partitioned

        writer = write_candidates_tsv if fmt == "tsv" else write_candidates_tbx
        write_partitioned(parts_dir, [(f"candidates.{fmt}", lambda path: writer(candidates, path))],
                          {"command": "glossary build", "format": fmt, "input": corpus, "candidates": len(candidates)})
    elif output and output != "-":
        # files: TSV as UTF-8 with BOM so Excel shows the Chinese; both written atomically
        writer = write_candidates_tsv if fmt == "tsv" else write_candidates_tbx
        try:
            writer(candidates, output)
        except OSError as error:
            raise BitextError(f"{output}: cannot write ({error.strerror or error})") from None
    else:
        text = candidates_tsv_text(candidates) if fmt == "tsv" else candidates_tbx_bytes(candidates).decode("utf-8")
        typer.echo(text.encode("utf-8"), nl=False)


def merge(
    candidates: Path = typer.Argument(...,
                                      help="Candidates TSV with a reviewer's decision column (accept/accepted/yes)."),
    into: Path = typer.Option(..., "--into",
                              help="The glossary TSV to add the accepted rows to (rewritten atomically)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only report what would change."),
) -> None:
    """Add the candidates a reviewer accepted to a glossary, without duplicating concepts."""
    from bitext.glossary.merge import plan_merge
    from bitext.io.atomic import atomic_write_text, refuse_inputs

    refuse_inputs(into, {"CANDIDATES": candidates}, flag="--into")
    result = plan_merge(candidates, into)
    for line in result.skipped:
        typer.echo(f"skipped: {line}", err=True)
    typer.echo(f"{len(result.added)} concept(s) added, {len(result.extended)} extended, "
               f"{len(result.skipped)} skipped", err=True)
    if not dry_run and (result.added or result.extended):
        try:
            atomic_write_text(into, result.text)
        except OSError as error:
            raise BitextError(f"{into}: cannot write ({error.strerror or error})") from None


def register(glossary_app: typer.Typer) -> None:
    glossary_app.command("build")(build)
    glossary_app.command("merge")(merge)

"""``bitext qa``: segment, align and check EN→ZH translations; report findings; exit 1 on failures."""

import os
import sys
from pathlib import Path

import typer

from bitext.cli.engine_options import ADDRESS, ENGINE, OUTPUT_DIR, RAY_WORKERS, SHARD_DOCS
from bitext.cli.startup import loading_modules
from bitext.errors import BitextError, ConfigError, ModelError, value_origin


def warn(message: str) -> None:
    typer.echo(f"bitext: warning: {message}", err=True)


def _step_summary(report) -> None:
    """On GitHub Actions, append the Markdown summary to $GITHUB_STEP_SUMMARY (best effort)."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        from bitext.report import step_summary_markdown
    except ImportError:
        return
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(step_summary_markdown(report))
    except OSError as error:
        warn(f"{path}: cannot write the step summary ({error.strerror or error})")


def _color(output: str | None) -> bool:
    to_stdout = not output or output == "-"
    return to_stdout and sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def qa(
    corpus: str | None = typer.Argument(None, metavar="CORPUS",
                                        help='JSONL corpus (one {"id", "en", "zh"} document per '
                                             'line), TMX or XLIFF 1.2/2.x.'),
    src: str | None = typer.Option(None, "--src", help="Source text file (with --tgt)."),
    tgt: str | None = typer.Option(None, "--tgt", help="Target text file (with --src)."),
    glossary: str | None = typer.Option(None, "--glossary", "-g",
                                        help="Glossary (TSV, CSV or TBX). Default: BITEXT_GLOSSARY, then the project "
                                             "config; none = no terminology checks."),
    lenient: bool = typer.Option(False, "--lenient",
                                 help="Skip malformed glossary rows with a warning (default: fail on the first one)."),
    fmt: str | None = typer.Option(None, "--format", "-f",
                                   help="text, json, jsonl, html, junit, sarif, github, gitlab; with -o also "
                                        "xlsx (a spreadsheet for reviewers) and xliff (an XLIFF input annotated "
                                        "with ITS quality issues). Default: BITEXT_FORMAT, config, github on "
                                        "GitHub Actions, else text."),
    output: str | None = typer.Option(None, "--output", "-o",
                                      help="Write the report here (atomically). Default: stdout."),
    fail_on: str | None = typer.Option(None, "--fail-on",
                                       help="Exit 1 when a finding is at least this severe: error "
                                            "(default), warning or info."),
    exit_zero: bool = typer.Option(False, "--exit-zero",
                                   help="Exit 0 even with findings (report-only runs); errors still exit 2."),
    model: str | None = typer.Option(None, "--model", "-m",
                                     help="use-m3 (default), embeddinggemma-300m, or a local "
                                          "sentence-transformers folder."),
    ref: str | None = typer.Option(None, "--ref",
                                   help="Reference translation, for chrF per pair: split like the target (TMX/XLIFF: "
                                        "one line per target). JSONL corpora use a \"ref\" field instead."),
    ignore_file: Path | None = typer.Option(None, "--ignore-file",
                                            help="Fingerprints of dismissed findings. Default: "
                                                 ".bitext-ignore next to the input."),
    update_ignore: bool = typer.Option(False, "--update-ignore",
                                       help="Write every current finding's fingerprint into the ignore "
                                            "file (dismissing them all)."),
    ignore_from: Path | None = typer.Option(None, "--ignore-from",
                                            help="A reviewed spreadsheet (from --format xlsx): rows whose reviewer "
                                                 "decision is 'false alarm' are added to the ignore file."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the embedding cache."),
    cache_dir: Path | None = typer.Option(None, "--cache-dir",
                                          help="Embedding cache directory (default: "
                                               "BITEXT_CACHE_DIR or the user cache dir)."),
    src_lang: str = typer.Option("en", "--src-lang", help="Source language."),
    tgt_lang: str = typer.Option("zh", "--tgt-lang", help="Target language."),
    presplit: bool = typer.Option(False, "--presplit", help="Text inputs are already one sentence per line."),
    config: Path | None = typer.Option(None, "--config",
                                       help="Use this bitext.toml / pyproject.toml instead of discovering one."),
    engine: str = ENGINE,
    address: str | None = ADDRESS,
    shard_docs: int | None = SHARD_DOCS,
    workers: int | None = RAY_WORKERS,
    output_dir: str | None = OUTPUT_DIR,
    list_checks: bool = typer.Option(False, "--list-checks",
                                     help="List every check (id, family, MQM category, severity, what it finds, "
                                          "an example, how to turn it off) and exit; --format json for scripts."),
) -> None:
    """Check translations: terminology, numbers, acronyms, punctuation, omissions, consistency.

    Exit codes: 0 no finding reaches --fail-on, 1 one does, 2 usage, input or configuration error.
    """
    if list_checks:
        _list_checks(fmt)
        raise typer.Exit(0)
    code = _run(corpus, src, tgt, glossary, lenient, fmt, output, fail_on, exit_zero, model, ref, ignore_file,
                update_ignore, no_cache, cache_dir, src_lang, tgt_lang, presplit, config, ignore_from,
                (engine, address, shard_docs, workers, output_dir))
    raise typer.Exit(code)


# The report format an output file's suffix names, for a run where no flag, BITEXT_FORMAT or
# configuration chose one (GitLab's code-quality report is JSON too: it needs --format gitlab).
_FORMAT_BY_SUFFIX = {".txt": "text", ".json": "json", ".jsonl": "jsonl", ".html": "html", ".htm": "html",
                     ".sarif": "sarif", ".xml": "junit", ".xlsx": "xlsx", ".xlf": "xliff", ".xliff": "xliff"}


def _format_of(output: str | None) -> str | None:
    if not output or output == "-":
        return None
    return _FORMAT_BY_SUFFIX.get(Path(output).suffix.lower())


def _check_file_format(report_format: str, output: str | None, inputs, origin: str | None = None) -> None:
    """xlsx and xliff are files (-o); xliff annotates an XLIFF input (never overwritten: refuse_inputs).
    ``origin``: where a format that no --format gave came from (``bitext.toml: format = 'xlsx'``)."""
    if report_format not in ("xlsx", "xliff"):
        return
    if not output or output == "-":
        suffix = "xlsx" if report_format == "xlsx" else "xlf"
        raise ConfigError(f"{origin or f'--format {report_format}'} writes a file: give -o FILE.{suffix}")
    if report_format == "xlsx":
        from bitext.qa.review import openpyxl_module

        openpyxl_module()  # missing: say so before the run, not after it
        return
    if inputs.kind != "xliff":
        raise ConfigError(f"{origin or '--format xliff'}: the XLIFF report annotates an XLIFF input, and "
                          f"{inputs.primary} is {inputs.kind} input",
                          hint="give an .xlf file, or choose another --format")


def _list_checks(fmt: str | None) -> None:
    from bitext.qa.docs import checks_json, checks_text

    if fmt not in (None, "text", "json"):
        raise ConfigError(f"--list-checks writes text or json, not {fmt!r}")
    sys.stdout.write(checks_json() if fmt == "json" else checks_text())
    sys.stdout.flush()


def _run(corpus, src, tgt, glossary, lenient, fmt, output, fail_on, exit_zero, model, ref, ignore_file,
         update_ignore, no_cache, cache_dir, src_lang, tgt_lang, presplit, config, ignore_from, engine_options) -> int:
    # The modules loaded here (numpy, the checks) live as long as the process: the cyclic garbage
    # collector need not walk them again and again (on one abstract that took 0.07 s of 0.5).
    with loading_modules():
        import logging

        from bitext.cli.engine_options import output_dir_path, ray_settings
        from bitext.cli.progress import progress_bar
        from bitext.config import resolve_settings
        from bitext.io.atomic import refuse_inputs
        from bitext.io.text import read_bytes
        from bitext.qa.pipeline import QAInput, QARequest, fails, run_qa
        from bitext.qa.settings import QASettings

    inputs = QAInput(corpus=corpus, src=src, tgt=tgt, src_lang=src_lang, tgt_lang=tgt_lang, presplit=presplit)
    inputs.validate()
    engine, address, shard_docs, workers, output_dir = engine_options
    ray = ray_settings(engine, address, shard_docs, workers)
    out_dir = output_dir_path(output_dir, output)
    starts = tuple(Path(p).parent for p in (corpus, src) if p and p != "-")
    settings = resolve_settings(starts=starts,
                                flags={"model": model, "glossary": glossary, "fail_on": fail_on, "format": fmt},
                                config_path=config)
    report_format, threshold = settings.format.value, settings.fail_on.value
    format_origin = settings.format.origin("format")
    if settings.format.source in ("default", "env GITHUB_ACTIONS") and _format_of(output):
        report_format = _format_of(output)  # nobody chose a format: -o report.html means HTML
        format_origin = f"-o {output}"
    _check_file_format(report_format, output, inputs, format_origin)
    read = {"CORPUS": corpus, "--src": src, "--tgt": tgt, "--glossary": settings.glossary.value, "--ref": ref,
            "--ignore-from": ignore_from, "--config": config}
    ignore_path = Path(ignore_file) if ignore_file else inputs.default_ignore_file()
    refuse_inputs(output, {**read, "--ignore-file": ignore_path})
    if update_ignore or ignore_from:  # the ignore file is written too
        refuse_inputs(ignore_path, {**read, "-o": output}, flag="--ignore-file")
    # the folders of the files this run writes, checked before it runs: a report already printed when
    # the ignore file failed to be written made an exit 2 with a whole report on stdout
    outputs = [(output, "-o")] if output and output != "-" else []
    if update_ignore or ignore_from:
        outputs.append((str(ignore_path), "--ignore-file"))
    if ignore_file and not (update_ignore or ignore_from) and not os.path.lexists(ignore_path):
        # a typo in a CI script would otherwise fail the build on findings it dismissed, silently
        warn(f"{ignore_path}: no such ignore file; no finding is dismissed")
    for path, flag in outputs:
        parent = Path(path).parent
        if not parent.is_dir():
            raise ConfigError(f"{path}: directory {str(parent)!r} does not exist")
        if Path(path).is_dir():
            raise ConfigError(f"{path}: is a directory", hint=f"{flag} takes a file path")

    request = QARequest(
        inputs=inputs,
        glossary=settings.glossary.value,
        lenient=lenient,
        settings=QASettings(checks=settings.qa_checks()),
        model=settings.model.value,
        ref=ref,
        ignore_file=ignore_file,
        update_ignore=update_ignore,
        ignore_from=ignore_from,
        use_cache=not no_cache,
        cache_dir=cache_dir,
    )
    if settings.glossary.value is not None:  # a missing glossary named with where its path came from
        with value_origin(settings.glossary.origin("glossary")):
            read_bytes(settings.glossary.value, "a glossary file", probe=True)
    plans: list = []  # the shards of a Ray run (for --output-dir)
    check_stage = None
    if ray is not None:
        from bitext.distributed.qa import ray_check_stage

        check_stage = ray_check_stage(ray, plans)
    with value_origin(settings.model.origin("model"), kinds=(ModelError,)):
        result = run_qa(request, progress=progress_bar, check_stage=check_stage)
    report = result.report

    for problem in result.glossary_warnings:
        where = f"{problem.path}:{problem.line}" if problem.line else problem.path
        warn(f"{where}: {problem.message} [{problem.code}] (row skipped)")
    for fingerprint in report.stale_ignores:
        line = result.ignore_entries.entries.get(fingerprint)
        where = f"{result.ignore_file}:{line}" if line else str(result.ignore_file)
        warn(f"{where}: stale ignore entry {fingerprint[:16]} matches no finding (remove it, or "
             "rerun with --update-ignore)")

    try:
        if out_dir is not None:
            _write_parts(report, report_format, out_dir, plans[0].shards if plans else None)
        else:
            _write_report(report, report_format, output, color=_color(output) and report_format == "text")
        if report_format == "github":
            _step_summary(report)
        if update_ignore:  # only now: a run that failed to write its report leaves the ignore file as it was
            written = result.write_ignore()
            typer.echo(f"bitext: wrote {written} fingerprint(s) to {result.ignore_file}", err=True)
        elif result.reviewed:
            added = result.add_reviewed()
            typer.echo(f"bitext: added {added} false alarm(s) from {ignore_from} to {result.ignore_file}", err=True)
        counts = report.counts()
        logging.getLogger("bitext").info("%d finding(s): %d error, %d warning, %d info; %d dismissed",
                                         sum(counts.values()), counts["error"], counts["warning"], counts["info"],
                                         report.summary().dismissed)
    finally:
        report.close()
    if exit_zero:
        return 0
    return 1 if fails(report, threshold) else 0


def _write_report(report, report_format: str, output: str | None, color: bool) -> None:
    """Stream the report to ``output`` (atomically) or to stdout, chunk by chunk."""
    from bitext.io.atomic import atomic_open
    from bitext.report import write

    if report_format in ("xlsx", "xliff"):
        assert output is not None  # _check_file_format refuses them without -o
        if report_format == "xlsx":
            from bitext.report.xlsx import xlsx_bytes

            data = xlsx_bytes(report)
        else:
            from bitext.report.xliff_its import annotate_xliff

            data = annotate_xliff(report, report.source or "")
        try:
            with atomic_open(output, "wb") as handle:
                handle.write(data)
        except OSError as error:
            raise BitextError(f"{output}: cannot write ({error.strerror or error})") from None
        return
    chunks = write(report, report_format, color=color)
    try:
        if output and output != "-":
            with atomic_open(output) as handle:
                for chunk in chunks:
                    handle.write(chunk)
        else:
            stream = sys.stdout.buffer
            for chunk in chunks:
                stream.write(chunk.encode("utf-8"))
            stream.flush()
    except OSError as error:
        raise BitextError(f"{output or 'stdout'}: cannot write ({error.strerror or error})") from None


_SUFFIXES = {"text": ".txt", "json": ".json", "jsonl": ".jsonl", "html": ".html", "junit": ".xml", "sarif": ".sarif",
             "github": ".txt", "gitlab": ".json"}


def _write_parts(report, report_format: str, out_dir: Path, shards) -> None:
    """--output-dir: the report of each shard's documents (one part for a local run), the manifest
    with the signature and the whole corpus's counts, then _SUCCESS."""
    from bitext.distributed.output_dir import part_name, write_partitioned

    ranges = [(s.count, s.first_line, s.last_line) for s in shards] if shards else [(len(report.spool), None, None)]
    parts, described, start = [], [], 0
    for index, (count, first_line, last_line) in enumerate(ranges):
        part = report.section(start, start + count)
        name = part_name(index, _SUFFIXES.get(report_format, ".txt"))

        def write_part(path: Path, part=part) -> None:
            _write_report(part, report_format, str(path), color=False)

        parts.append((name, write_part))
        described.append({"part": name, "documents": count, "first_line": first_line, "last_line": last_line})
        start += count
    summary = report.summary()
    write_partitioned(out_dir, parts, {"command": "qa", "format": report_format, "input": report.source,
                                       "signature": report.signature, "shards": described,
                                       "counts": report.counts(), "dismissed": summary.dismissed})


def register(app: typer.Typer) -> None:
    app.command("qa")(qa)

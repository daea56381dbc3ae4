"""``bitext segment``: print one sentence per line."""

from pathlib import Path

import typer

from bitext.errors import BitextError


def segment(
    file: str = typer.Argument(..., metavar="FILE", help="UTF-8 text file, or - for stdin."),
    lang: str | None = typer.Option(None, "--lang", "-l", help="en or zh (default: guessed from the text)."),
    presplit: bool = typer.Option(False, "--presplit", help="The input already has one sentence per line."),
    output: Path | None = typer.Option(None, "--output", "-o",
                                       help="Write to this file (atomically) instead of stdout."),
) -> None:
    """Split a text into sentences, one per line."""
    # Imported here so that `bitext --help` stays fast.
    from bitext.io.atomic import atomic_write_text, refuse_inputs
    from bitext.io.text import read_text
    from bitext.segment import guess_lang, normalize_lang, split_lines, split_sentences

    code = normalize_lang(lang) if lang is not None else None  # reject a bad --lang before reading
    refuse_inputs(output, {"FILE": file})
    text = read_text(file)
    sentences = split_lines(text) if presplit else split_sentences(text, code or guess_lang(text))
    result = "".join(f"{sentence}\n" for sentence in sentences)
    if output is None or str(output) == "-":
        typer.echo(result.encode("utf-8"), nl=False)  # bytes: UTF-8 whatever the locale says
        return
    try:
        atomic_write_text(output, result)
    except OSError as error:
        raise BitextError(f"{output}: cannot write ({error.strerror or error})") from None


def register(app: typer.Typer) -> None:
    app.command("segment")(segment)

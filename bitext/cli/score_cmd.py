"""``bitext score``: corpus BLEU, chrF and TER of a hypothesis against references, with sacrebleu signatures."""


import typer

from bitext.errors import InputError


def _lines(path: str) -> list[str]:
    """One segment per line, whatever the line ends: CRLF, and a lone CR (old Mac files), end a line
    as they do for sacrebleu's own command, which reads its files with universal newlines."""
    from bitext.io.alignment_formats import physical_lines
    from bitext.io.text import read_text

    return physical_lines(read_text(path).replace("\r\n", "\n").replace("\r", "\n"))


def score(
    hyp: str = typer.Option(..., "--hyp", help="Hypothesis: one segment per line ('-' = stdin)."),
    ref: list[str] = typer.Option(..., "--ref",
                                  help="Reference, line-parallel to --hyp (repeat for several references)."),
    tgt_lang: str = typer.Option("zh", "--tgt-lang",
                                 help="Target language; zh selects sacrebleu's zh tokenizer for BLEU."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """BLEU, chrF and TER through sacrebleu; Chinese targets always use tokenize="zh" (13a gives 0 on Chinese)."""
    import json

    from bitext.config import check_choice
    from bitext.metrics import corpus_scores

    fmt = check_choice(fmt, ("text", "json"), "--format")
    hypotheses = _lines(hyp)
    references = []
    for path in ref:
        lines = _lines(path)
        if len(lines) != len(hypotheses):
            raise InputError(f"{path}: {len(lines)} line(s), but {hyp} has {len(hypotheses)}",
                             hint="hypothesis and reference must have one segment per line, line-parallel")
        references.append(lines)
    scores = corpus_scores(hypotheses, references, tgt_lang)
    if fmt == "json":
        data = {"hyp": hyp, "refs": list(ref), "tgt_lang": tgt_lang, "lines": len(hypotheses),
                "scores": [s.to_dict() for s in scores]}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for s in scores:
        typer.echo(f"{s.detail}")
        typer.echo(f"  signature: {s.name}|{s.signature}")


def register(app: typer.Typer) -> None:
    app.command("score")(score)

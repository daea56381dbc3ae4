"""``bitext glossary``: a sub-app for glossary commands (``check`` here; ``build``/``merge`` can join it).

Other modules add commands with ``@glossary_app.command("NAME")``; ``register(app)``
mounts the sub-app once on the main application.
"""

import typer

from bitext.cli.typer_app import new_typer
from bitext.errors import InputError

glossary_app = new_typer("Check, build and merge glossaries (TSV, CSV, TBX).", name="glossary")

# Problems that mean the file could not be read as a glossary at all: exit 2, like any input error.
UNREADABLE = ("encoding", "unreadable")


@glossary_app.command("check")
def check(
    file: str = typer.Argument(..., metavar="FILE", help="Glossary to validate (TSV, CSV or TBX)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
) -> None:
    """Validate a glossary: malformed rows, empty cells, duplicates, contradictions, unmatchable terms.

    Exit codes: 0 clean (warnings allowed), 1 problems of error severity, 2 unreadable file.
    """
    import json

    from bitext.config import check_choice
    from bitext.glossary import validate_glossary

    fmt = check_choice(fmt, ("text", "json"), "--format")
    problems = validate_glossary(file)
    fatal = next((p for p in problems if p.code in UNREADABLE), None)
    if fatal is not None:
        where = f"{file}:{fatal.line}" if fatal.line else file
        message = fatal.message if fatal.message.startswith(file) else f"{where}: {fatal.message}"
        raise InputError(message, hint="convert it first, e.g. iconv -f GB18030 -t UTF-8 FILE > glossary.utf8.tsv"
                         if fatal.code == "encoding" else None)

    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if fmt == "json":
        data = {"file": file,
                "problems": [{"line": p.line, "severity": p.severity, "code": p.code, "message": p.message}
                                           for p in problems],
                "summary": {"errors": errors, "warnings": warnings}}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            typer.echo(str(problem))
        typer.echo(f"{file}: {errors} error(s), {warnings} warning(s)" if problems else f"{file}: no problems")
    raise typer.Exit(1 if errors else 0)


def register(app: typer.Typer) -> None:
    from bitext.cli import glossary_build_cmd

    if not any(info.name == "build" for info in glossary_app.registered_commands):  # once per process
        glossary_build_cmd.register(glossary_app)
    app.add_typer(glossary_app, name="glossary")

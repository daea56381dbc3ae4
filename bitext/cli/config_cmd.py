"""``bitext config show``: every effective setting and where it came from."""

from pathlib import Path

import typer

from bitext.cli.typer_app import new_typer
from bitext.errors import ConfigError

config_app = new_typer("Show the effective configuration (the tool.bitext table of pyproject.toml, or bitext.toml).",
                       name="config")


@config_app.command("show")
def show(
    path: str | None = typer.Argument(None, metavar="PATH",
                                      help="An input file or directory: discovery starts there "
                                           "(default: the current directory)."),
    fmt: str = typer.Option("text", "--format", "-f", help="text or json."),
    config: Path | None = typer.Option(None, "--config", help="Use this file instead of discovering one."),
    model: str | None = typer.Option(None, "--model", "-m", help="As given to bitext qa: shows as a flag."),
    glossary: str | None = typer.Option(None, "--glossary", "-g", help="As given to bitext qa: shows as a flag."),
    fail_on: str | None = typer.Option(None, "--fail-on", help="As given to bitext qa: shows as a flag."),
) -> None:
    """Print model, glossary, fail_on, format and per-check settings, each with its source
    (default, env NAME, flag, or the config file's path). Precedence: flag > env > file > default."""
    import json

    from bitext.config import check_choice, resolve_settings

    fmt = check_choice(fmt, ("text", "json"), "--format")
    if path and not Path(path).exists():
        raise ConfigError(f"{path}: no such file or directory")
    start = Path(path) if path else None
    settings = resolve_settings(starts=(start,), config_path=config,
                                flags={"model": model, "glossary": glossary, "fail_on": fail_on})
    data = settings.to_json()
    if fmt == "json":
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(f"config_file = {data['config_file'] or '(none found)'}")
    for name in ("model", "glossary", "fail_on", "format"):
        entry = data[name]
        value = "(none)" if entry["value"] is None else entry["value"]
        typer.echo(f"{name} = {value}    # {entry['source']}")
    for key, entry in data["checks"].items():
        name = json.dumps(key) if "." in key else key
        typer.echo(f"checks.{name} = {json.dumps(entry['value'])}    # {entry['source']}")
    width = max(len(key) for key in data["effective_checks"])
    typer.echo("effective checks (severity, or off):")
    for key, entry in data["effective_checks"].items():
        typer.echo(f"  {key:<{width}}  {entry['value']:<7}  # {entry['source']}")


def register(app: typer.Typer) -> None:
    app.add_typer(config_app, name="config")

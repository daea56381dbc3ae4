"""One constructor for bitext's typer applications: the ``bitext`` command and its command groups
(config, glossary, models) share their settings instead of each repeating them."""

import typer


def new_typer(help: str, name: str | None = None, **settings) -> typer.Typer:
    """A typer application with bitext's settings: help when run without arguments, no shell
    completion commands, tracebacks never prettified (bitext prints one-line errors), and plain
    click help and usage errors: rich's formatting costs 0.1 s of every ``bitext --help`` (issue 14)."""
    return typer.Typer(name=name, help=help, no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False, rich_markup_mode=None, **settings)

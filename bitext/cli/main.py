"""The ``bitext`` command: a thin typer layer over the library.

Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage, input or
configuration error (one line on stderr, never a traceback).
"""

import functools
import importlib
import os
import signal
import sys
from collections.abc import Callable, Iterable

import typer

from bitext.cli.plain_values import use_plain_values
from bitext.cli.startup import before_exit, pause_collection, resume_collection, reuse_dataclass_methods
from bitext.cli.typer_app import new_typer
from bitext.errors import BitextError
from bitext.version import __version__


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bitext {__version__}")
        raise typer.Exit()


def main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    verbose: int = typer.Option(0, "--verbose", "-v", count=True, help="More log output on stderr."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or log output, only errors."),
    progress: bool = typer.Option(False, "--progress",
                                  help="Progress lines (count, rate, ETA) on stderr even when it is not a terminal."),
) -> None:
    import logging  # here, not for every `bitext --help` (0.015 s, issue 14)

    level = logging.ERROR if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    logging.basicConfig(level=level, format="bitext: %(message)s", stream=sys.stderr)
    os.environ["BITEXT_QUIET"] = "1" if quiet else os.environ.get("BITEXT_QUIET", "")
    if progress:
        os.environ["BITEXT_PROGRESS"] = "1"


def report_error(error: BitextError) -> None:
    """The one way a user error reaches the user: one line on stderr (its hint included)."""
    typer.echo("bitext: error: " + " ".join(str(error).split()), err=True)


def exit_on_user_error(command: Callable) -> Callable:
    """Wrap a command so that a BitextError becomes ``report_error`` and exit code 2, and Ctrl-C
    one line and exit code 130.

    Inside the command, so the exit code is the same whether the app runs as the console script
    or in-process (typer's CliRunner, which would otherwise see an uncaught exception: exit 1).
    """
    @functools.wraps(command)  # typer reads the options from the wrapped function's signature
    def run_command(*args, **kwargs):
        resume_collection()  # typer's parsing is done: what it loaded stays
        try:
            return command(*args, **kwargs)
        except BitextError as error:
            report_error(error)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:  # outputs are atomic and worker processes ignore SIGINT: one line is all
            typer.echo("bitext: interrupted", err=True)
            raise typer.Exit(130) from None

    return run_command


def route_user_errors(typer_app: typer.Typer) -> None:
    """Every registered command, in sub-apps too, goes through exit_on_user_error."""
    for info in typer_app.registered_commands:
        if info.callback is not None and not hasattr(info.callback, "__wrapped__"):
            info.callback = exit_on_user_error(info.callback)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            route_user_errors(group.typer_instance)


# Each command's module, in the order ``bitext --help`` lists them; importing one must stay cheap (no torch,
# no model). A sub-app's module registers its sub-commands (glossary build) itself.
COMMAND_MODULES = {"segment": "segment_cmd", "align": "align_cmd", "qa": "qa_cmd", "score": "score_cmd",
                   "glossary": "glossary_cmd", "config": "config_cmd", "models": "models_cmd"}
# The main callback's options, all flags: the first argument that is none of them names the command.
_GLOBAL_FLAGS = frozenset({"--verbose", "--quiet", "--progress"})
_SHORT_GLOBAL_FLAGS = frozenset("vq")


def build_app(commands: Iterable[str] = COMMAND_MODULES) -> typer.Typer:
    """The ``bitext`` application with these commands (names of COMMAND_MODULES), in the order of
    COMMAND_MODULES, each routed through exit_on_user_error and converting values with plain_values."""
    typer_app = new_typer("Segment, align and quality-check English-Chinese translations of scientific abstracts.",
                          name="bitext", context_settings={"help_option_names": ["-h", "--help"]})
    typer_app.callback()(main)
    wanted = set(commands)
    for name, module in COMMAND_MODULES.items():
        if name in wanted:
            importlib.import_module(f"bitext.cli.{module}").register(typer_app)
    route_user_errors(typer_app)
    use_plain_values(typer_app)
    return typer_app


def invoked_command(args: list[str]) -> str | None:
    """The command these arguments run, when only it needs building: None for ``--help``, ``--version``,
    no command or an unknown one (each of which needs every command, to list them or to suggest one)."""
    for arg in args:
        if arg in _GLOBAL_FLAGS or (arg[:1] == "-" and arg[1:2] != "-" and len(arg) > 1
                                    and set(arg[1:]) <= _SHORT_GLOBAL_FLAGS):
            continue
        return arg if arg in COMMAND_MODULES else None
    return None


def __getattr__(name: str):
    """``app``, every command registered, built on first use: the console script builds only the
    command it runs (building them all cost each run 0.01–0.02 s, issue 14)."""
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_BLAS_THREAD_SETTINGS = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


def one_blas_thread() -> None:
    """Have numpy's OpenBLAS start one thread, unless the user chose a number.

    bitext's matrix products are small: the default model computes with one BLAS thread anyway
    (bitext.embed.use_m3: OpenBLAS threading made it 3-8x slower on 2 cores), and the aligner's are a
    few sentences wide. A thread pool per core only cost every run its start-up and its threads'
    spinning: 0.05-0.1 s of CPU on one abstract (issue 14). Read once, when numpy is first imported.
    """
    if not any(os.environ.get(name) for name in _BLAS_THREAD_SETTINGS):
        os.environ["OPENBLAS_NUM_THREADS"] = "1"


def run() -> None:
    """Console-script entry point (also ``python -m bitext``)."""
    one_blas_thread()
    pause_collection()  # until a command starts (bitext.cli.startup)
    reuse_dataclass_methods()
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    command = invoked_command(sys.argv[1:])
    try:
        build_app([command] if command else COMMAND_MODULES)(standalone_mode=True)
    except BitextError as error:  # raised outside a command (an option callback): the same line and code
        report_error(error)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("bitext: interrupted", err=True)
        sys.exit(130)
    finally:
        before_exit()


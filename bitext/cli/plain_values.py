"""Option values that need no conversion skip pydantic (issue 14).

typer (0.29) converts every option value with a pydantic TypeAdapter, built the first time the
option is processed, also for an option left at its default of None. So every command loaded
pydantic: 0.1-0.15 s of ``bitext qa`` on one abstract, most of it the import. The commands here
hand typer a stand-in for each option whose value usually needs no conversion (a str, a count, a
default left as it is): such a value, and None, is returned as it is, exactly what the adapter
returns for it, and so is a whole number for an int option within its bounds, typed (``-n 60``)
or its default (``--min-freq``'s 2): pydantic alone would cost such a command 0.1 s. Any other
value (``--shard-docs 03``, ``abc``, 0 below a minimum of 1, a path, a choice) goes to typer's own
conversion, built on first need, so its checks and its error messages stay typer's.

It relies on where typer keeps an option's conversion (``_runtime_param``); where a typer release
keeps it elsewhere, options are converted by typer as before, only slower (tests/test_startup.py
notices the pydantic import).
"""

from __future__ import annotations

import re
from typing import Any

import typer.core

try:
    from typer._coercion import build_runtime_param
except ImportError:  # a typer without it converts values some other way: leave it to that
    build_runtime_param = None  # type: ignore[assignment]


class PlainValue:
    """Stands in for typer's conversion of one option: a value of ``plain_type`` or None is kept as
    it is; any other value is converted by typer's own conversion."""

    __slots__ = ("descriptor", "plain_type", "typer_conversion")

    def __init__(self, descriptor: Any, plain_type: type | None) -> None:
        self.descriptor = descriptor
        self.plain_type = plain_type
        self.typer_conversion: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None or (self.plain_type is not None and type(value) is self.plain_type):
            return value
        number = _whole_number(value, self.descriptor)
        if number is not None:
            return number
        if self.typer_conversion is None:
            self.typer_conversion = build_runtime_param(self.descriptor)
        return self.typer_conversion.coerce(value, param=param, ctx=ctx)


# A whole number as typed on a command line, in the one spelling every converter reads the same way.
_WHOLE_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")


def _whole_number(value: Any, descriptor: Any) -> int | None:
    """``value`` as the int typer's conversion makes of it, for an int option given a plain whole
    number within its bounds (``-n 60``, ``--workers 2``, a default of 2 for ``min=1``); None for
    anything else, which typer then converts and checks with its own messages (a clamped range, a
    value out of bounds, "abc")."""
    if descriptor.annotation is not int or not (
            type(value) is int or (type(value) is str and _WHOLE_NUMBER.fullmatch(value))):
        return None
    info = descriptor.parameter_info
    if getattr(info, "parser", None) is not None or getattr(info, "clamp", False):
        return None
    number = int(value)
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return None
    return number


def plain_type(descriptor: Any) -> type | None:
    """The type whose values typer's conversion returns unchanged for this option, if any:
    str for a text option (no parser), bool for a flag, int or float for a number without bounds."""
    info = descriptor.parameter_info
    if getattr(info, "parser", None) is not None:
        return None
    if descriptor.annotation in (str, bool):
        return descriptor.annotation
    if descriptor.annotation in (int, float) and info.min is None and info.max is None:
        return descriptor.annotation
    return None


class PlainTexts(PlainValue):
    """Stands in for typer's conversion of a repeatable text option (``--ref A --ref B``): the
    strings as a list, and () when it was not given, as typer's conversion returns them."""

    __slots__ = ()

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return ()
        if isinstance(value, (tuple, list)) and all(type(item) is str for item in value):
            return list(value)
        if self.typer_conversion is None:
            self.typer_conversion = build_runtime_param(self.descriptor)
        return self.typer_conversion.coerce(value, param=param, ctx=ctx)


def install(params: list) -> None:
    """Give each of these typer parameters a PlainValue, where typer would build an adapter for it.

    Not for a file (typer opens it without pydantic), nor for an option of several values other
    than a repeatable text option (PlainTexts)."""
    if build_runtime_param is None:
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue
        if param.nargs != 1 or descriptor.file_annotation is not None:
            continue
        if param.multiple:
            info = descriptor.parameter_info
            if descriptor.annotation == list[str] and getattr(info, "parser", None) is None:
                param._runtime_param = PlainTexts(descriptor, None)
            continue
        param._runtime_param = PlainValue(descriptor, plain_type(descriptor))


class PlainValueCommand(typer.core.TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        install(self.get_params(ctx))  # the help option too, which is made here
        return super().parse_args(ctx, args)


class PlainValueGroup(typer.core.TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        install(self.get_params(ctx))  # the help option too, which is made here
        return super().parse_args(ctx, args)


def use_plain_values(typer_app: typer.Typer) -> None:
    """Every command and group of ``typer_app`` (sub-apps too) converts its options this way,
    unless it chose its own class."""
    if getattr(typer_app.info.cls, "value", typer_app.info.cls) is None:  # typer's default: a placeholder of None
        typer_app.info.cls = PlainValueGroup
    for info in typer_app.registered_commands:
        if info.cls in (None, typer.core.TyperCommand):
            info.cls = PlainValueCommand
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            use_plain_values(group.typer_instance)

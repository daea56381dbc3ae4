"""Project configuration: ``[tool.bitext]`` in pyproject.toml, or a standalone ``bitext.toml``.

Discovery walks up from the input's directory (then from the current directory), as
ruff does: in each directory ``bitext.toml`` wins over ``pyproject.toml``, and a
pyproject.toml counts only when it has a ``[tool.bitext]`` table. The first file
found is used; files are not merged. A standalone ``bitext.toml`` holds the keys at
top level (a ``[tool.bitext]`` table in it is accepted too)::

    # pyproject.toml
    [tool.bitext]
    model = "use-m3"
    glossary = "glossary/terms.tsv"   # relative to this file
    fail_on = "warning"               # error | warning | info
    format = "text"                   # text json jsonl html junit sarif github gitlab xlsx

    [tool.bitext.checks]
    punctuation = "info"              # a family or check id: a severity ...
    "punctuation.double_space" = false   # ... false to turn it off ...
    numbers = { enabled = true, severity = "error" }   # ... or a table

Precedence for every value: command-line flag > ``BITEXT_*`` environment variable
(BITEXT_MODEL, BITEXT_GLOSSARY, BITEXT_FAIL_ON, BITEXT_FORMAT) > project file >
defaults. For ``format`` only, ``GITHUB_ACTIONS=true`` selects ``github`` when neither
a flag, BITEXT_FORMAT nor the project file chose one. ``bitext config show`` prints each
effective value with where it came from.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bitext.errors import ConfigError
from bitext.models import DEFAULT_MODEL
from bitext.qa.findings import SEVERITIES
from bitext.report import ALL_FORMATS as REPORT_FORMATS

FAIL_ON = SEVERITIES  # the threshold is a severity
ENV = {"model": "BITEXT_MODEL", "glossary": "BITEXT_GLOSSARY", "fail_on": "BITEXT_FAIL_ON", "format": "BITEXT_FORMAT"}
DEFAULTS: dict[str, Any] = {"model": DEFAULT_MODEL, "glossary": None, "fail_on": "error", "format": "text"}

_KEYS = ("model", "glossary", "fail_on", "format", "checks")
_CHECK_KEYS = ("enabled", "severity")


@dataclass(frozen=True)
class CheckConfig:
    """One ``[tool.bitext.checks]`` entry; ``None`` keeps the check's default."""

    enabled: bool | None = None
    severity: str | None = None


@dataclass(frozen=True)
class ProjectConfig:
    """The parsed project file. ``glossary`` is already resolved against the file's directory."""

    path: Path | None = None
    model: str | None = None
    glossary: Path | None = None
    fail_on: str | None = None
    format: str | None = None
    checks: Mapping[str, CheckConfig] = field(default_factory=dict)


@dataclass(frozen=True)
class Value:
    """An effective value and its source: "default", "flag", "env NAME" or a file path."""

    value: Any
    source: str

    def origin(self, key: str) -> str | None:
        """Where the value came from, to begin an error about it: ``BITEXT_MODEL=bogus`` or
        ``bitext.toml: model = 'bogus'``; None for a flag (the user just typed it) or a default."""
        if self.source.startswith("env "):
            return f"{self.source[4:]}={self.value}"
        if self.source in ("flag", "default"):
            return None
        return f"{self.source}: {key} = {str(self.value)!r}"


def flag_or_env(flag: Any, name: str) -> Value:
    """A command-line value, else its BITEXT_* variable, for commands that read no project file
    (``bitext align``, ``bitext glossary build``)."""
    if flag is not None:
        return Value(flag, "flag")
    env_value = os.environ.get(ENV[name], "").strip()
    return Value(env_value, f"env {ENV[name]}") if env_value else Value(None, "default")


@dataclass(frozen=True)
class Settings:
    """Every effective setting with its source (what ``bitext qa`` uses and ``config show`` prints)."""

    model: Value
    glossary: Value
    fail_on: Value
    format: Value
    checks: Mapping[str, Value]
    config_file: Path | None

    def qa_checks(self) -> dict:
        """``QASettings.checks`` for bitext.qa."""
        from bitext.qa.settings import CheckSetting

        return {key: CheckSetting(enabled=v.value.enabled, severity=v.value.severity) for key, v in self.checks.items()}

    def effective_checks(self) -> dict[str, Value]:
        """Every check's effective severity ("off" when disabled), sourced from the entry that decided it."""
        from bitext.qa.checks import CHECKS
        from bitext.qa.settings import QASettings

        qa = QASettings(checks=self.qa_checks())
        out = {}
        for check in CHECKS.values():
            decided = [key for key in (check.id, check.family) if key in self.checks]
            out[check.id] = Value(qa.effective(check), self.checks[decided[0]].source if decided else "default")
        return out

    def to_json(self) -> dict:
        def plain(value: Any) -> Any:
            if isinstance(value, Path):
                return str(value)
            if isinstance(value, CheckConfig):
                return {k: v for k, v in (("enabled", value.enabled), ("severity", value.severity)) if v is not None}
            return value

        out: dict[str, Any] = {name: {"value": plain(getattr(self, name).value), "source": getattr(self, name).source}
                               for name in ("model", "glossary", "fail_on", "format")}
        out["checks"] = {key: {"value": plain(v.value), "source": v.source} for key, v in self.checks.items()}
        out["effective_checks"] = {key: {"value": v.value, "source": v.source}
                                   for key, v in self.effective_checks().items()}
        out["config_file"] = str(self.config_file) if self.config_file else None
        return out


# -- discovery and parsing ------------------------------------------------------------------------

def find_config(*starts: str | os.PathLike | None) -> Path | None:
    """The first bitext.toml, or pyproject.toml with [tool.bitext], walking up from each start in turn."""
    seen: set[Path] = set()
    for start in starts:
        if start is None:
            continue
        directory = Path(start).expanduser().resolve()
        if not directory.is_dir():
            directory = directory.parent
        for folder in (directory, *directory.parents):
            if folder in seen:
                break
            seen.add(folder)
            standalone = folder / "bitext.toml"
            if standalone.is_file():
                return standalone
            pyproject = folder / "pyproject.toml"
            if pyproject.is_file() and _has_tool_bitext(pyproject):
                return pyproject
    return None


def _has_tool_bitext(path: Path) -> bool:
    data = _load_toml(path)
    return isinstance(data.get("tool"), dict) and "bitext" in data["tool"]


def _load_toml(path: Path) -> dict:
    try:
        data = path.read_bytes()
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ConfigError(f"{path}: UTF-16 text (it starts with a UTF-16 byte-order mark), not UTF-8",
                              hint="TOML files must be UTF-8")
        # a UTF-8 byte-order mark (Windows editors write one) is no TOML error: dropped, as by the other readers
        return tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        # tomllib gives the place only inside its message: "Invalid value (at line 2, column 9)"
        place = re.search(r"\(at line (\d+), column \d+\)", str(error))
        where = f"{path}:{place.group(1)}" if place else str(path)
        raise ConfigError(f"{where}: not valid TOML ({error})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (arrays or tables nested too deeply)") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8", hint="TOML files must be UTF-8") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read ({error.strerror or error})") from None


def load_config(path: str | os.PathLike) -> ProjectConfig:
    """Parse one project file; ConfigError naming the file and key for anything unknown or ill-typed."""
    path = Path(path)
    data = _load_toml(path)
    if path.name == "pyproject.toml" or set(data) == {"tool"}:
        table = data.get("tool", {}).get("bitext") if isinstance(data.get("tool"), dict) else None
        prefix = "tool.bitext"
        if table is None:
            return ProjectConfig(path=path)
    else:
        table, prefix = data, ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {prefix or 'the file'} must be a table")

    def key_name(key: str) -> str:
        return f"{prefix}.{key}" if prefix else key

    unknown = [k for k in table if k not in _KEYS]
    if unknown:
        raise ConfigError(f"{path}: unknown key {key_name(unknown[0])!r}", hint=f"known keys: {', '.join(_KEYS)}")
    values: dict[str, Any] = {}
    for key in ("model", "glossary", "fail_on", "format"):
        if key not in table:
            continue
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{path}: {key_name(key)} must be a non-empty string")
        values[key] = value.strip()
    if "fail_on" in values:
        values["fail_on"] = check_choice(values["fail_on"], FAIL_ON, f"{path}: {key_name('fail_on')}")
    if "format" in values:
        values["format"] = check_choice(values["format"], REPORT_FORMATS, f"{path}: {key_name('format')}")
    if "glossary" in values:
        values["glossary"] = (path.parent / Path(values["glossary"]).expanduser()).resolve()
    checks = _parse_checks(table.get("checks", {}), f"{path}: {key_name('checks')}")
    return ProjectConfig(path=path, checks=checks, **values)


def _parse_checks(table: Any, prefix: str) -> dict[str, CheckConfig]:
    """A checks table; ``prefix`` (file and key) begins every error message."""
    from bitext.qa.check import FAMILIES
    from bitext.qa.checks import CHECKS

    if not isinstance(table, Mapping):
        raise ConfigError(f"{prefix} must be a table of check ids or families")
    out = {}
    for key, value in table.items():
        where = f"{prefix}.{key}"
        if key not in CHECKS and key not in FAMILIES:
            raise ConfigError(f"{where}: unknown check or family {key!r}",
                              hint="check ids look like numbers.mismatch; families: " + ", ".join(FAMILIES))
        if isinstance(value, bool):
            out[key] = CheckConfig(enabled=value)
        elif isinstance(value, str):
            out[key] = CheckConfig(severity=check_choice(value, SEVERITIES, where))
        elif isinstance(value, Mapping):
            unknown = [k for k in value if k not in _CHECK_KEYS]
            if unknown:
                raise ConfigError(f"{where}: unknown key {unknown[0]!r}",
                                  hint="use enabled = true/false, severity = \"...\"")
            enabled = value.get("enabled")
            if enabled is not None and not isinstance(enabled, bool):
                raise ConfigError(f"{where}.enabled must be true or false")
            severity = value.get("severity")
            if severity is not None:
                if not isinstance(severity, str):
                    raise ConfigError(f"{where}.severity must be a string")
                severity = check_choice(severity, SEVERITIES, f"{where}.severity")
            out[key] = CheckConfig(enabled=enabled, severity=severity)
        else:
            raise ConfigError(f"{where}: expected a severity, false, or {{enabled = ..., severity = ...}}")
    return out


def qa_settings(checks: Mapping[str, Any]):
    """bitext.qa.QASettings from a checks table written as in a config file:
    ``{"punctuation": False, "numbers.mismatch": "warning", "terminology": {"severity": "error"}}``."""
    from bitext.qa.settings import CheckSetting, QASettings

    parsed = _parse_checks(checks, "settings")
    return QASettings(checks={key: CheckSetting(enabled=c.enabled, severity=c.severity) for key, c in parsed.items()})


def check_choice(value: str, choices: tuple[str, ...], where: str) -> str:
    value = value.strip().lower()
    if value not in choices:
        raise ConfigError(f"{where}: {value!r} is not one of {', '.join(choices)}")
    return value


# -- resolution -------------------------------------------------------------------------------------

def resolve_settings(*, starts: tuple[str | os.PathLike | None, ...] = (), flags: Mapping[str, Any] | None = None,
                     environ: Mapping[str, str] | None = None,
                     config_path: str | os.PathLike | None = None) -> Settings:
    """Effective settings: flag > BITEXT_* env > project file > default.

    ``starts``: where discovery begins (the input files' directories); the current directory is
    always tried last. ``flags``: values given on the command line (None = not given).
    ``config_path``: use this file instead of discovering one.
    """
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    environ = os.environ if environ is None else environ
    found = Path(config_path) if config_path else find_config(*starts, Path.cwd())
    project = load_config(found) if found else ProjectConfig()
    file_source = str(found) if found else "default"

    def pick(name: str) -> Value:
        if name in flags:
            value = flags[name]
            if name == "glossary":
                value = Path(value).expanduser()
            return Value(value, "flag")
        env_name = ENV[name]
        env_value = environ.get(env_name, "").strip()
        if env_value:
            if name == "fail_on":
                env_value = check_choice(env_value, FAIL_ON, f"{env_name}={env_value}")
            elif name == "format":
                env_value = check_choice(env_value, REPORT_FORMATS, f"{env_name}={env_value}")
            return Value(Path(env_value).expanduser() if name == "glossary" else env_value, f"env {env_name}")
        if getattr(project, name) is not None:
            return Value(getattr(project, name), file_source)
        if name == "format" and environ.get("GITHUB_ACTIONS", "").lower() == "true":
            return Value("github", "env GITHUB_ACTIONS")
        return Value(DEFAULTS[name], "default")

    if "fail_on" in flags:
        flags["fail_on"] = check_choice(str(flags["fail_on"]), FAIL_ON, "--fail-on")
    if "format" in flags:
        flags["format"] = check_choice(str(flags["format"]), REPORT_FORMATS, "--format")
    checks = {key: Value(setting, file_source) for key, setting in project.checks.items()}
    return Settings(model=pick("model"), glossary=pick("glossary"), fail_on=pick("fail_on"), format=pick("format"),
                    checks=checks, config_file=found)


__all__ = ["CheckConfig", "ProjectConfig", "Settings", "Value", "find_config", "flag_or_env", "load_config",
           "qa_settings", "resolve_settings", "FAIL_ON", "REPORT_FORMATS"]

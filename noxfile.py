"""The sessions people run. `nox` alone runs every test and check; `nox -l` lists them.

Environments are built by uv and reused between runs, so a warm run only pays for the
tests themselves. Dependencies come from pyproject.toml's dependency groups, pinned.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["drift", "lint", "typecheck", "tests", "conformance"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHON = "3.11"


def install(session: nox.Session, *groups: str) -> None:
    """Install the named dependency groups into the session's environment."""
    session.install(*nox.project.dependency_groups(PYPROJECT, *groups))


def pytest(session: nox.Session, *paths: str) -> None:
    """The one way every session runs pytest; posargs go through to pytest."""
    session.run("python", "-m", "pytest", *paths, *session.posargs)


@nox.session(python=PYTHON)
def generate(session: nox.Session) -> None:
    """Regenerate generated/ from the spec, the config and templates/, then smoke-check it."""
    install(session, "test")
    session.run("python", "-m", "tools.codegen", "generate")
    session.run("python", "-m", "pytest", "tests/test_generated_client.py", "-q")


@nox.session(python=PYTHON)
def drift(session: nox.Session) -> None:
    """Fail with a readable diff when generated/ is not exactly what the sources produce."""
    install(session, "generate")
    session.run("python", "-m", "tools.codegen", "drift")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over the repository's own code."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict over generated/, conformance/, tests/, tools/, benchmarks/ and this noxfile."""
    install(session, "typecheck")
    session.run(
        "mypy",
        "generated/openrouter_generation_client",
        "conformance",
        "tests",
        "tools",
        "benchmarks",
        "noxfile.py",
    )


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Tests of the spec, the generator loop, vendoring and tooling (tests/)."""
    install(session, "test")
    pytest(session, "tests")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Time our client against raw httpx and the official SDK into benchmarks/RESULTS.md."""
    install(session, "bench")
    # sys.executable is nox's own interpreter: the harness times warm nox sessions with it.
    session.run(
        "python",
        "-m",
        "benchmarks",
        "--nox-python",
        sys.executable,
        "--nox-envdir",
        str(session.env_dir.parent),
        *session.posargs,
        env={"PYTHONPATH": "generated"},
    )


@nox.session(python=PYTHON)
def conformance(session: nox.Session) -> None:
    """The conformance kit against our generated client; must be all green."""
    install(session, "test")
    pytest(session, "conformance")


@nox.session(python=PYTHON)
def conformance_peer(session: nox.Session) -> None:
    """The same kit against the official `openrouter` SDK; reports its failures, never fails."""
    install(session, "test", "peer")
    session.run(
        "python",
        "-m",
        "pytest",
        "conformance",
        "--client",
        "official",
        "-q",
        "--no-header",
        "--tb=no",
        "-rN",  # the summary below replaces pytest's list of hundreds of FAILED lines
        *session.posargs,
        success_codes=[0, 1],  # 1: cases failed, which is what this session measures
    )
    report = Path("conformance/reports/official.json")
    if not report.exists():
        session.error(f"the kit wrote no report at {report}")
    cases = [case for case in json.loads(report.read_text("utf-8"))["cases"] if not case["kit"]]
    failed = [case for case in cases if case["outcome"] != "passed"]
    groups = Counter(case["case"].split("[", 1)[0] for case in failed)
    session.log(f"official SDK: {len(failed)} of {len(cases)} cases failed; report: {report}")
    for group, count in groups.most_common():
        reason = next(c["reason"] for c in failed if c["case"].split("[", 1)[0] == group)
        session.log(f"  {count:>4} x {group}: {reason}")


@nox.session(python=PYTHON)
def live(session: nox.Session) -> None:
    """Fetch one real generation (`-- --id gen-…`, key in OPENROUTER_API_KEY); report spec drift."""
    install(session, "live")
    session.run(
        "python", "-m", "conformance.live", *session.posargs, env={"PYTHONPATH": "generated"}
    )

"""The sessions people run. `nox` alone runs every test and check; `nox -l` lists them.

Environments are built by uv and reused between runs, so a warm run only pays for the
tests themselves. Dependencies come from pyproject.toml's dependency groups, pinned.
"""

from __future__ import annotations

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["drift", "lint", "typecheck", "tests"]

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
    """mypy --strict over generated/, conformance/, tests/, tools/ and this noxfile."""
    install(session, "typecheck")
    session.run(
        "mypy",
        "generated/openrouter_generation_client",
        "conformance",
        "tests",
        "tools",
        "noxfile.py",
    )


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Tests of the spec, the generator loop, vendoring and tooling (tests/)."""
    install(session, "test")
    pytest(session, "tests")


@nox.session(python=PYTHON)
def conformance(session: nox.Session) -> None:
    """The conformance kit against our generated client; must be all green."""
    install(session, "test")
    pytest(session, "conformance")

"""The sessions people run. `nox` alone runs every test and check; `nox -l` lists them.

Environments are built by uv and reused between runs, so a warm run only pays for the
tests themselves. Each is made exactly what its lock file under requirements/lock/ says:
pyproject.toml's dependency groups, resolved once by `nox -s lock` with every transitive
version and hash pinned, so a fresh clone years later gets the same tools and generates the
same bytes.

Every session runs on the interpreter that runs nox (any Python from 3.11 up) and nothing
ever downloads a Python: uv is told so for the environments and for the tests that make
their own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import nox

# Sessions run on nox's own interpreter: refuse an older one here, clearly, not in a traceback.
if sys.version_info < (3, 11):  # noqa: UP036 (nox itself may run on an older Python)
    raise SystemExit(
        f"this project needs Python 3.11 or newer; nox runs on {sys.version.split()[0]}"
    )

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True
nox.options.download_python = "never"
nox.options.sessions = ["drift", "lint", "typecheck", "tests", "conformance"]

# uv, for the environments nox makes and for those the tests make: use a Python that is on
# this machine, never fetch one.
os.environ["UV_PYTHON_DOWNLOADS"] = "never"
os.environ["UV_PYTHON_PREFERENCE"] = "only-system"
# Bytecode caches are what make a warm run warm: under PYTHONDONTWRITEBYTECODE (set on some CI
# machines) every process the sessions start, each xdist worker and each kit or generator run
# of the tests, would recompile every module it imports and redo pytest's assertion rewriting
# of hypothesis, anyio and respx, every time. __pycache__/ is gitignored.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# None: the interpreter that runs nox. mypy's python_version and ruff's target stay 3.11,
# the floor, so code that only a newer Python accepts still fails the checks.
PYTHON: str | None = None

PYPROJECT = nox.project.load_toml("pyproject.toml")
LOCKS = Path("requirements/lock")
# Each environment a session installs, by its dependency groups: `nox -s lock` writes one
# lock file for each.
ENVIRONMENTS = [
    ("generate",),
    ("lint",),
    ("typecheck",),
    ("test",),
    ("test", "peer"),
    ("bench",),
    ("live",),
]


def lock_file(groups: tuple[str, ...]) -> Path:
    """Where the lock of an environment made of these dependency groups lives."""
    return LOCKS / f"{'+'.join(groups)}.txt"


def install(session: nox.Session, *groups: str) -> None:
    """Make the session's environment exactly what the lock of these groups pins."""
    if groups not in ENVIRONMENTS:
        session.error(f"no lock for groups {groups}: add them to ENVIRONMENTS, run `nox -s lock`")
    session.run_install("uv", "pip", "sync", "--quiet", str(lock_file(groups)))


# pytest-xdist: one worker per core; worksteal evens out cases of very different lengths.
# No more workers than cores, in tests/ too: with the waits on a virtual clock nearly every
# test keeps its core busy, and a third worker on 2 cores cost its start-up and collection
# and slowed the others more than it filled their gaps.
# `-- -n 0` after a session's name runs it in one process (e.g. to use a debugger).
PARALLEL = ("--numprocesses=auto", "--dist=worksteal")


def pytest(session: nox.Session, *paths: str) -> None:
    """The one way every session runs pytest, on every core; posargs go through to pytest."""
    session.run("python", "-m", "pytest", *PARALLEL, *paths, *session.posargs)


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
    """Tests of the spec, the generator loop, vendoring and tooling (tests/), but for the whole
    kit's runs (`whole_kit`)."""
    install(session, "test")
    pytest(session, "tests", "-m", "not whole_kit")


@nox.session(python=PYTHON)
def whole_kit(session: nox.Session) -> None:
    """The tests that run the whole kit in a fresh process: on clients we did not write (a
    stdlib one, a urllib3 one over sockets, one that declares its traits), on planted bugs and
    on a batch of spec edits regenerated and type-checked. The costliest of tests/, so not a
    default session; CI runs it after `nox`."""
    install(session, "test")
    pytest(session, "tests", "-m", "whole_kit")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """About 23 minutes: our client timed against httpx and the SDK; OVERWRITES RESULTS.md.

    `nox -s bench -- --smoke --output /tmp/results.md` is a quick run that leaves it alone.
    """
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


# A client of your own under the kit: a requirements file of its dependencies (and the client
# itself, `-e /path/to/client`), installed into the conformance session's environment on top
# of the lock at every run (the sync to the lock removes them again first).
CLIENT_REQUIREMENTS = "CONFORMANCE_REQUIREMENTS"


@nox.session(python=PYTHON)
def conformance(session: nox.Session) -> None:
    """The conformance kit against our generated client; must be all green.

    Another client: `CONFORMANCE_REQUIREMENTS=its-requirements.txt PYTHONPATH=its-adapter-dir
    python3 -m nox -s conformance -- --client its_adapter:ItsAdapter`.
    """
    install(session, "test")
    extra = os.environ.get(CLIENT_REQUIREMENTS)
    if extra:
        if not Path(extra).is_file():
            session.error(f"{CLIENT_REQUIREMENTS}={extra}: no such requirements file")
        session.run_install("uv", "pip", "install", "--quiet", "-r", extra)
    pytest(session, "conformance")


@nox.session(python=PYTHON)
def conformance_peer(session: nox.Session) -> None:
    """The same kit against the official `openrouter` SDK; reports its failures, never fails."""
    install(session, "test", "peer")
    session.run(
        "python",
        "-m",
        "pytest",
        *PARALLEL,
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
    summary = json.loads(report.read_text("utf-8"))
    cases = [case for case in summary["cases"] if not case["kit"]]
    failed = [case for case in cases if case["outcome"] not in ("passed", "skipped")]
    skipped = sum(case["outcome"] == "skipped" for case in cases)
    groups = Counter(f"{case['operation']} {case['kind']}" for case in failed)
    session.log(
        f"official SDK: {len(failed)} of {len(cases)} cases failed, {skipped} skipped;"
        f" report: {report}"
    )
    per_check = ", ".join(f"{check} {n}" for check, n in summary["findings_per_check"].items())
    session.log(f"  findings per check (failing cases): {per_check or 'none'}")
    for group, count in groups.most_common():
        reason = next(c["reason"] for c in failed if f"{c['operation']} {c['kind']}" == group)
        session.log(f"  {count:>4} x {group}: {reason}")


@nox.session(python=PYTHON)
def kit_mutants(session: nox.Session) -> None:
    """The kit's own strength: realistic bugs put one at a time into copies of our client; every
    one must be caught (`-- --budget N --jobs N --only ID ...`)."""
    install(session, "test")
    session.run("python", "-m", "tools.kit_mutants", *session.posargs)


@nox.session(python=PYTHON)
def live(session: nox.Session) -> None:
    """Fetch one real generation (`-- --id gen-…`, key in OPENROUTER_API_KEY); report spec drift."""
    install(session, "live")
    session.run(
        "python", "-m", "conformance.live", *session.posargs, env={"PYTHONPATH": "generated"}
    )


@nox.session(python=False)
def under_load(session: nox.Session) -> None:
    """Not run by default: the test command (`nox`, the default sessions) beside four busy
    processes per core, which stop afterwards whatever happens; each run's outcome and time.

    `-- --runs 3` for three in a row, `--per-core N`, `--timeout SECONDS` (per run, default
    900); see tools/under_load.py.
    """
    session.run(sys.executable, "-m", "tools.under_load", *session.posargs, external=True)


@nox.session(python=PYTHON)
def lock(session: nox.Session) -> None:
    """Resolve requirements/lock/ from pyproject.toml's dependency groups (reads the registry).

    A lock keeps the versions it already pins while they still satisfy pyproject.toml; pass
    `-- --upgrade` to move everything to the newest allowed versions.
    """
    LOCKS.mkdir(parents=True, exist_ok=True)
    for groups in ENVIRONMENTS:
        session.run(
            "uv",
            "pip",
            "compile",
            "--quiet",
            "--universal",
            "--python-version",
            "3.11",
            "--generate-hashes",
            *(f"--group=pyproject.toml:{group}" for group in groups),
            "--custom-compile-command",
            "python3 -m nox -s lock",
            "--output-file",
            str(lock_file(groups)),
            *session.posargs,
        )


# Every CPython minor the package supports (generated/pyproject.toml: requires-python >=3.11)
# that exists today; `compat` runs on each one this machine has.
SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13", "3.14")
# What the vendored package's own tests need: the package (its readme is inside), the spec,
# the tests.
VENDORED = (
    "generated/openrouter_generation_client",
    "openapi.yaml",
    "tests/vendored",
)


def _find_python(session: nox.Session, version: str) -> str | None:
    """The path of a Python `version` on this machine, as uv finds it (never downloading)."""
    found = session.run("uv", "python", "find", version, silent=True, success_codes=[0, 1, 2])
    lines = str(found).strip().splitlines()
    return lines[-1] if lines and Path(lines[-1]).is_file() else None


@nox.session(python=PYTHON)
def compat(session: nox.Session) -> None:
    """The vendored package's own tests on each supported Python here, lowest and newest httpx.

    Not run by default. Each combination gets a bare environment with only the package's
    declared dependencies (httpx pinned), respx, pytest and pyyaml, and runs tests/vendored/ on a
    copy of the package folder (its README.md inside) and the spec. Pythons are looked up on
    PATH, never downloaded (with pyenv: `PYENV_VERSION=3.11.7:3.12.1:3.13.0 python3 -m nox -s
    compat`).
    """
    declared: list[str] = nox.project.load_toml("generated/pyproject.toml")["project"][
        "dependencies"
    ]
    httpx_range = next(dep for dep in declared if re.match(r"httpx\s*[<>=]", dep))
    others = [dep for dep in declared if dep != httpx_range]
    lowest = re.search(r">=\s*([\w.]+)", httpx_range)
    newest = next(
        dep for dep in PYPROJECT["dependency-groups"]["client"] if dep.startswith("httpx==")
    )
    if lowest is None:
        session.error(f"generated/pyproject.toml declares no lowest httpx: {httpx_range}")
    httpx_versions = [lowest.group(1), newest.removeprefix("httpx==")]
    test_tools = [
        dep
        for dep in PYPROJECT["dependency-groups"]["test"]
        if str(dep).startswith(("pytest==", "pyyaml=="))
    ]

    work = Path(session.create_tmp()).resolve() / "vendored"
    shutil.rmtree(work, ignore_errors=True)
    for part in VENDORED:
        (work / part).parent.mkdir(parents=True, exist_ok=True)
        if Path(part).is_dir():
            shutil.copytree(part, work / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(part, work / part)
    # Its own pytest.ini, so the repository's pytest settings (and plugins) do not apply.
    (work / "pytest.ini").write_text("[pytest]\npythonpath = generated\n", "utf-8")

    passed: list[str] = []
    failed: list[str] = []
    skipped: list[str] = []
    for version in SUPPORTED_PYTHONS:
        python = _find_python(session, version)
        if python is None:
            skipped.append(version)
            continue
        for httpx in httpx_versions:
            label = f"Python {version} with httpx {httpx}"
            venv = work / f".venv-{version}-httpx-{httpx}"
            session.run("uv", "venv", "--quiet", "--python", python, str(venv))
            requirements = [f"httpx=={httpx}", *others, "respx", *test_tools]
            python_bin = str(venv / "bin" / "python")
            session.run("uv", "pip", "install", "--quiet", "--python", python_bin, *requirements)
            session.log(f"{label}: " + _installed(session, venv))
            command = [python_bin, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
            result = subprocess.run([*command, "tests/vendored"], cwd=work, check=False)
            (passed if result.returncode == 0 else failed).append(label)
    for label in passed:
        session.log(f"passed: {label}")
    for label in failed:
        session.log(f"FAILED: {label}")
    session.log(f"skipped, absent from this machine: Python {', '.join(skipped) or 'none'}")
    if failed or not passed:
        session.error(f"{len(failed)} of {len(failed) + len(passed)} combinations failed")


def _installed(session: nox.Session, venv: Path) -> str:
    """The versions that matter in an environment, for the log."""
    frozen = session.run(
        "uv", "pip", "freeze", "--python", str(venv / "bin" / "python"), silent=True
    )
    names = ("httpx==", "httpcore==", "attrs==", "sniffio==", "respx==")
    return " ".join(line for line in str(frozen).split() if line.startswith(names))

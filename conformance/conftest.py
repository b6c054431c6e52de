"""How a run is configured: which client, which spec, which profile, where the report goes.

Options (each with an environment variable, for nox and CI):
  --client NAME            ours (default), official, or module:Class   [CONFORMANCE_CLIENT]
  --spec PATH              the OpenAPI document (default: openapi.yaml) [CONFORMANCE_SPEC]
  --client-dir DIR         where ours loads the generated package from  [CONFORMANCE_CLIENT_DIR]
  --conformance-profile P  ci (default) or thorough                     [CONFORMANCE_PROFILE]
  --conformance-budget N   examples of a full property (ci: 100, thorough: 1000)
  --conformance-strict     fail the run when the spec says anything the kit does not test
  --conformance-verbose    pytest's tracebacks and hypothesis' falsifying examples in full
  --conformance-apis A     sync, async, or sync,async (default): the APIs cases go through
  --report-dir DIR         where reports go (default: conformance/reports)

Cases come from the catalogue (kinds/catalogue.py), derived from the spec, so a spec change
changes the cases with no edit to the kit. By default the run is quiet: no tracebacks, and
the summary lists one line per failing case with its reason.
"""

from __future__ import annotations

import gc
import importlib.metadata
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance import __version__
from conformance import spec as spec_module
from conformance.adapters import APIS
from conformance.adapters.registry import UnknownClient, load
from conformance.case import Case
from conformance.kinds.catalogue import catalogue
from conformance.kit import Kit
from conformance.payloads import captured, profiles
from conformance.report.recorder import Report
from conformance.spec.subset import UnsupportedSchema

KIT = pytest.StashKey[Kit]()
CASES = pytest.StashKey[list[Case]]()
REPORTS = Path(__file__).resolve().parent / "reports"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "conformance kit")
    env = os.environ.get
    group.addoption("--client", default=env("CONFORMANCE_CLIENT", "ours"), help="client under test")
    group.addoption("--spec", default=env("CONFORMANCE_SPEC"), help="OpenAPI document to test")
    group.addoption("--client-dir", default=env("CONFORMANCE_CLIENT_DIR"), help="ours: package dir")
    group.addoption(
        "--conformance-profile",
        default=env("CONFORMANCE_PROFILE", profiles.CI),
        choices=profiles.PROFILES,
        help="hypothesis profile",
    )
    group.addoption(
        "--conformance-budget",
        type=int,
        default=None,
        help="examples of a full property (default: the profile's); others run a share of it",
    )
    group.addoption(
        "--conformance-strict",
        action="store_true",
        help="fail the run when the spec describes something the kit does not test",
    )
    group.addoption(
        "--conformance-verbose",
        action="store_true",
        help="full tracebacks and hypothesis output for failing cases (default: one line each)",
    )
    group.addoption(
        "--conformance-apis",
        default=",".join(APIS),
        choices=[*APIS, ",".join(APIS)],
        help="the client APIs every case goes through (default: both; the report says which)",
    )
    group.addoption("--report-dir", default=str(REPORTS), help="where reports are written")


# The kit allocates heavily (hypothesis' choice records, 45-field bodies, a client and its
# models per exchange) and keeps little, so the interpreter's default (a collection of the
# youngest generation every 700 allocations) collects far more often than its garbage needs.
# Rarer collections free the same garbage, a little later.
GC_THRESHOLD = (10_000, 10, 10)


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    gc.set_threshold(*GC_THRESHOLD)
    profile = config.getoption("--conformance-profile")
    profiles.load(profile, config.getoption("--conformance-budget"))
    spec_path = config.getoption("--spec")
    client_dir = config.getoption("--client-dir")
    try:
        spec = spec_module.load(Path(spec_path) if spec_path else spec_module.DEFAULT_SPEC)
        adapter = load(config.getoption("--client"), Path(client_dir) if client_dir else None)
        captures = captured.load()
    except (UnsupportedSchema, UnknownClient, captured.BadCapture, OSError) as exc:
        raise pytest.UsageError(f"conformance kit: {exc}") from exc
    if config.getoption("--conformance-strict") and spec.gaps:
        listed = "".join(f"\n  {gap}" for gap in spec.gaps)
        raise pytest.UsageError(
            f"conformance kit (--conformance-strict): the spec says {len(spec.gaps)} thing(s)"
            f" the kit does not test:{listed}"
        )
    if not config.getoption("--conformance-verbose"):
        _quiet(config)
    metadata = {
        "client": adapter.name,
        "client_version": str(getattr(adapter, "version", "unknown")),
        "kit_version": __version__,
        "profile": profile,
        "seed": "derandomized" if profile == profiles.CI else _seed(config),
        "hypothesis_version": importlib.metadata.version("hypothesis"),
        "apis": config.getoption("--conformance-apis"),
    }
    report = Report(spec, Path(config.getoption("--report-dir")), metadata)
    config.pluginmanager.register(report, "conformance-report")
    config.stash[KIT] = Kit(spec=spec, adapter=adapter, report=report)
    config.stash[CASES] = catalogue(spec, captures)


def _quiet(config: pytest.Config) -> None:
    """One line per failing case (the kit's summary) instead of tracebacks and examples."""
    if config.option.tbstyle == "auto":
        config.option.tbstyle = "no"
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    if terminal is not None:
        chars = terminal.reportchars.replace("a", "sxX").replace("A", "sxXpP")
        terminal.reportchars = "".join(c for c in chars if c not in "fE")


def _seed(config: pytest.Config) -> str:
    seed = getattr(config.option, "hypothesis_seed", None)
    return str(seed) if seed is not None else "random"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize `test_case` with the catalogue, each case through the client's sync and
    async API (or the one `--conformance-apis` names)."""
    if "case" in metafunc.fixturenames:
        cases = metafunc.config.stash[CASES]
        metafunc.parametrize("case", cases, ids=[case.id for case in cases])
    if "api" in metafunc.fixturenames:
        chosen = metafunc.config.getoption("--conformance-apis").split(",")
        metafunc.parametrize("api", [api for api in APIS if api in chosen])


@pytest.fixture(scope="session")
def kit(pytestconfig: pytest.Config) -> Iterator[Kit]:
    """The session's kit, with the fake server routing every httpx request."""
    with pytestconfig.stash[KIT].serving() as session_kit:
        yield session_kit

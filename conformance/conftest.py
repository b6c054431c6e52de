"""How a run is configured: which client, which spec, which profile, where the report goes.

Options (each with an environment variable, for nox and CI):
  --client NAME            ours (default), official, or module:Class   [CONFORMANCE_CLIENT]
  --spec PATH              the OpenAPI document (default: openapi.yaml) [CONFORMANCE_SPEC]
  --client-dir DIR         where ours loads the generated package from  [CONFORMANCE_CLIENT_DIR]
  --conformance-profile P  ci (default) or thorough                     [CONFORMANCE_PROFILE]
  --conformance-budget N   examples of a full property (ci: 100, thorough: 1000)
  --report-dir DIR         where reports go (default: conformance/reports)

Cases are parametrized here from the spec (fields, statuses, examples, captured files), so a
spec change changes the cases with no edit to the kit.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import bad_replies, captured, fields, profiles, strategies
from . import spec as spec_module
from ._report import Report
from .adapters import UnknownClient, load
from .kit import Kit
from .server import APIS
from .subset import UnsupportedSchema

KIT = pytest.StashKey[Kit]()
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
    group.addoption("--report-dir", default=str(REPORTS), help="where reports are written")


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    profile = config.getoption("--conformance-profile")
    profiles.load(profile, config.getoption("--conformance-budget"))
    spec_path = config.getoption("--spec")
    client_dir = config.getoption("--client-dir")
    try:
        spec = spec_module.load(Path(spec_path) if spec_path else spec_module.DEFAULT_SPEC)
        adapter = load(config.getoption("--client"), Path(client_dir) if client_dir else None)
    except (UnsupportedSchema, UnknownClient, OSError) as exc:
        raise pytest.UsageError(f"conformance kit: {exc}") from exc
    report = Report(adapter.name, spec, profile, Path(config.getoption("--report-dir")))
    config.pluginmanager.register(report, "conformance-report")
    config.stash[KIT] = Kit(spec=spec, adapter=adapter, report=report)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize the cases from the spec: one case per field state, status, example, file."""
    kit = metafunc.config.stash[KIT]
    spec = kit.spec
    inventory = [field for body in spec.bodies for field in fields.inventory(body)]
    names = metafunc.fixturenames
    if "api" in names:
        metafunc.parametrize("api", APIS)
    # Fields go in by id: hypothesis misreports a failure when a parameter is as large as the
    # schema a Field holds (FlakyStrategyDefinition on the final replay, hypothesis 6.170).
    if "field_state" in names:
        pairs = [(field.id, state) for field in inventory for state in field.states]
        metafunc.parametrize("field_state", pairs, ids=[f"{f}={s}" for f, s in pairs])
    if "required_field" in names:
        needed = [field.id for field in inventory if not field.optional]
        metafunc.parametrize("required_field", needed, ids=needed)
    if "typed_field" in names:
        typed = [field.id for field in inventory if strategies.wrong(field.schema) is not None]
        metafunc.parametrize("typed_field", typed, ids=typed)
    if "error_status" in names:
        metafunc.parametrize("error_status", spec.error_statuses)
    if "bad_reply" in names:
        bad = bad_replies.catalog(spec)
        metafunc.parametrize("bad_reply", bad, ids=[b.id for b in bad])
    if "example" in names:
        examples = [(status, body) for b in spec.bodies for status, body in b.examples]
        ids = [f"{status}-{index}" for index, (status, _) in enumerate(examples)]
        metafunc.parametrize("example", examples, ids=ids)
    if "capture" in names:
        files = captured.load()
        metafunc.parametrize("capture", files, ids=[c.name for c in files])


@pytest.fixture(scope="session")
def kit(pytestconfig: pytest.Config) -> Iterator[Kit]:
    """The session's kit, with the fake server routing every httpx request."""
    with pytestconfig.stash[KIT].serving() as session_kit:
        yield session_kit

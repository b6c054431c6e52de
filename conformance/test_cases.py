"""Every case of the catalogue (kinds/catalogue.py), each through the client's sync and async API.

pytest only executes the cases: what each one serves and checks is data of the catalogue and
code of its kind (kinds/). A case the adapter cannot run (an operation, an API or a need it
does not declare in `Supports`) is skipped with the reason, as Bowtie skips what a harness
does not support: never failed, never run into a crash.
"""

from __future__ import annotations

import pytest

from conformance.adapters import Api
from conformance.case import Case
from conformance.kinds import catalogue
from conformance.kit import Kit
from conformance.kit_errors import run_case


def test_case(kit: Kit, case: Case, api: Api) -> None:
    unsupported = catalogue.unsupported(kit, case, api)
    if unsupported is not None:
        kit.report.start(case, api)
        pytest.skip(unsupported)
    run_case(kit, case, api)

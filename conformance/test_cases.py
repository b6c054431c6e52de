"""Every case of the catalogue (kinds/catalogue.py), each through the client's sync and async API.

pytest only executes the cases: what each one serves and checks is data of the catalogue and
code of its kind (bodies.py, refusals.py, request.py).
"""

from __future__ import annotations

from conformance.case import Case
from conformance.kit import Kit
from conformance.kit_errors import run_case
from conformance.transports.calls import Api


def test_case(kit: Kit, case: Case, api: Api) -> None:
    run_case(kit, case, api)

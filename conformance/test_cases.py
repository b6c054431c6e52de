"""Every case of the catalogue (cases.py), each through the client's sync and async API.

pytest only executes the cases: what each one serves and checks is data of the catalogue and
code of its kind (bodies.py, refusals.py, request.py).
"""

from __future__ import annotations

from .calls import Api
from .cases import Case
from .kit import Kit
from .kit_errors import run_case


def test_case(kit: Kit, case: Case, api: Api) -> None:
    run_case(kit, case, api)

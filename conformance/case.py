"""The case model: one case of the catalogue, as data, and the expectations cases check.

A case is a stable id, a kind, the operation, and where relevant the status, the field and
its state, with the expectation it checks. It knows nothing of how it runs, so the report can
record it without importing the kit.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

# What a case checks, in the report's words.
PARSES = "parses with every value as sent"
API_ERROR = "the typed API error with status, body and raw bytes"
REFUSED = "a documented error naming the problem, with status and raw bytes"
REQUEST = "the request the spec describes"
# How the reason of a case skipped for want of the adapter's support begins.
UNSUPPORTED = "unsupported by the adapter: "


@dataclass(frozen=True)
class Case:
    """One case of the catalogue. `data` is kind-specific input (a reply, a captured file)."""

    id: str
    kind: str
    operation: str
    expectation: str
    status: int | None = None
    field: str | None = None
    state: str | None = None
    data: Any = dataclass_field(default=None, compare=False, repr=False)

    def row(self) -> dict[str, Any]:
        """The case as the report lists it."""
        return {
            "id": self.id,
            "kind": self.kind,
            "operation": self.operation,
            "status": self.status,
            "field": self.field,
            "state": self.state,
            "expectation": self.expectation,
        }

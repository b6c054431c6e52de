"""The kit's public surface, everything an adapter author needs in one place: the contract
(`ClientAdapter`, `Call`), the outcomes a call can have (`Parsed`, `APIError`, `Malformed`,
`NoResponse`, `TooLarge`, `Crashed`) and what an adapter may declare (`Promises`, `Supports`).
conformance/README.md documents each; `ours.py`, `official_sdk.py` and conformance/examples/
are adapters written against it. The registry that loads an adapter by name is `registry.py`.
"""

from conformance.adapters._contract import (
    APIS,
    NO_PROMISES,
    TRANSPORTS,
    Api,
    APIError,
    Call,
    ClientAdapter,
    Clock,
    Crashed,
    Malformed,
    NoResponse,
    Outcome,
    Parsed,
    Promises,
    Retries,
    Supports,
    TooLarge,
    Transport,
    supports,
)

__all__ = [
    "APIS",
    "NO_PROMISES",
    "TRANSPORTS",
    "APIError",
    "Api",
    "Call",
    "ClientAdapter",
    "Clock",
    "Crashed",
    "Malformed",
    "NoResponse",
    "Outcome",
    "Parsed",
    "Promises",
    "Retries",
    "Supports",
    "TooLarge",
    "Transport",
    "supports",
]

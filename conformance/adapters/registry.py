"""Which client the kit measures: a registry of adapters, selected by name.

`ours` is the generated client in generated/ (or in another directory, `client_dir`),
`official` the `openrouter` SDK, and any `module:Class` a third-party adapter: a class whose
instances satisfy `ClientAdapter`, built with no arguments.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from conformance.adapters._contract import ClientAdapter

# Import strings, resolved only when selected: the official SDK need not be installed to test ours.
BUILTIN = {
    "ours": "conformance.adapters.ours:OursAdapter",
    "official": "conformance.adapters.official_sdk:OfficialSDKAdapter",
}


class UnknownClient(Exception):
    """The selected client cannot be loaded; the message says why and what would work."""


def load(selector: str, client_dir: Path | None = None) -> ClientAdapter:
    """The adapter named by `selector` (a BUILTIN name or `module:Class`), ready to use.

    `client_dir` is handed to the adapter as `client_dir=`: ours loads the generated package
    from that directory (a freshly regenerated copy, say).
    """
    target = BUILTIN.get(selector, selector)
    module_name, _, attribute = target.partition(":")
    if not module_name or not attribute:
        raise UnknownClient(
            f"unknown client {selector!r}: use one of {sorted(BUILTIN)} or module:Class"
        )
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except ImportError as exc:
        raise UnknownClient(
            f"cannot load client {selector!r} ({target}): {exc}; is the directory holding "
            f"{module_name.split('.')[0]!r} on PYTHONPATH, and are the client's own dependencies "
            "installed in this environment? (see conformance/README.md)"
        ) from exc
    except AttributeError as exc:
        raise UnknownClient(f"cannot load client {selector!r} ({target}): {exc}") from exc
    try:
        adapter = factory() if client_dir is None else factory(client_dir=client_dir)
    except (TypeError, ImportError, OSError) as exc:
        raise UnknownClient(f"cannot build client {selector!r} ({target}): {exc}") from exc
    if not isinstance(adapter, ClientAdapter):
        raise UnknownClient(f"{target} does not implement ClientAdapter (name, get, aget)")
    return adapter

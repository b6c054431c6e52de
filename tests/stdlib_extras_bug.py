"""A pytest plugin that plants a bug in tests/stdlib_adapter.py's reading of the client: the
unknown fields of `provider_responses` items are dropped (the bug the outside developer's
client of issue 17 hid behind its absent-as-None trait). Every example of a case must still
run, so the kit finds it on top of that trait."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests import stdlib_adapter

_ITEM = re.compile(r"data\.provider_responses\[\d+\]")


def pytest_configure(config: pytest.Config) -> None:
    del config
    plain = stdlib_adapter._plain

    def dropping_item_extras(value: Any, where: str, extras: dict[str, Any]) -> Any:
        result = plain(value, where, extras)
        for location in [key for key in extras if _ITEM.fullmatch(key)]:
            del extras[location]
        return result

    stdlib_adapter._plain = dropping_item_extras

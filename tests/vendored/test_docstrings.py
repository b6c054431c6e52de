"""Every public module and class of the package says what it is: help() shows it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import openrouter_generation_client as package
import pytest

from ._spec import OPERATIONS, flat, resolved, snake


def test_every_public_module_and_class_has_a_docstring() -> None:
    missing = []
    for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(info.name)
        if not (module.__doc__ or "").strip():
            missing.append(info.name)
        for name, value in vars(module).items():
            public = not name.startswith("_") and getattr(value, "__module__", "") == info.name
            if inspect.isclass(value) and public and not (value.__doc__ or "").strip():
                missing.append(f"{info.name}.{name}")
    assert not missing


def test_the_operations_models_and_client_are_importable_from_the_package_root() -> None:
    for name in ("AuthenticatedClient", "RetryPolicy", "errors", "get_generation"):
        assert name in package.__all__, name
    assert {"Generation", "GenerationResponse", "GenerationContentResponse"} <= set(package.__all__)
    assert all(hasattr(package, name) for name in package.__all__)
    assert callable(package.get_generation.sync)
    # No key-less Client: every operation needs the key, and takes the AuthenticatedClient.
    assert not hasattr(package, "Client")
    assert not hasattr(package.client, "Client")


@pytest.mark.parametrize(
    ("path", "method", "operation"), OPERATIONS, ids=[op["operationId"] for *_, op in OPERATIONS]
)
def test_each_operation_s_docstrings_carry_the_spec_s_descriptions(
    path: str, method: str, operation: dict[str, Any]
) -> None:
    module = getattr(package, snake(operation["operationId"]))
    assert (module.__doc__ or "").startswith(f"{method.upper()} {path}")
    for function in (module.sync, module.sync_detailed, module.asyncio, module.asyncio_detailed):
        doc = flat(function.__doc__ or "")
        for parameter in map(resolved, operation.get("parameters", [])):
            assert f"{parameter['name']} (" in doc
            assert flat(parameter["description"]) in doc, (function.__name__, parameter["name"])
        for status, response in operation["responses"].items():
            assert f"{status} (" in doc, (function.__name__, status)
            assert flat(resolved(response)["description"]) in doc, (function.__name__, status)

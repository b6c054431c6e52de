"""Every public module and class of the package says what it is: help() shows it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import openrouter_generation_client as package


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

"""The API's OpenAPI document names each schema once: two apps' classes of the same name
would be one component, and one of them would describe the other's answers wrongly."""

import importlib
import inspect
import pkgutil

from ninja import Schema

import backbone


def test_no_two_api_schemas_share_a_name():
    seen: dict[str, str] = {}
    clashes = []
    for info in pkgutil.iter_modules(backbone.__path__):
        try:
            module = importlib.import_module(f"backbone.{info.name}.api")
        except ModuleNotFoundError:
            continue
        for name, value in inspect.getmembers(module, inspect.isclass):
            if not issubclass(value, Schema) or value.__module__ != module.__name__:
                continue
            if name in seen:
                clashes.append(f"{name}: {seen[name]} and {module.__name__}")
            seen[name] = module.__name__
    assert len(seen) > 20
    assert not clashes, clashes

"""Finding the module each app keeps for a shared purpose (``demo.py``, ``links.py``)."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import AppConfig, apps


def app_modules(module_name: str) -> Iterator[tuple[AppConfig, ModuleType]]:
    """Each Alongside app's ``<app>.<module_name>`` module, in INSTALLED_APPS (layer) order."""
    for config in apps.get_app_configs():
        if config.name.startswith("alongside.") and find_spec(f"{config.name}.{module_name}"):
            yield config, import_module(f"{config.name}.{module_name}")

"""Model families. Each module defines one :class:`~inference.families.base.Family` subclass and
names it ``FAMILY``; the registry finds it by the module's name, so a new family is one module
here plus one config file."""

from __future__ import annotations

import importlib
import pkgutil

from inference.errors import ConfigError
from inference.families.base import Family

_SKIP = {"base", "encoder", "mean_pooling"}  # shared helpers, not families


def available_families() -> list[str]:
    """Names of every family module in this package."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in _SKIP and not m.name.startswith("_"))


def get_family(name: str) -> type[Family]:
    """The family class registered under ``name``.

    Raises:
        ConfigError: no such family; the message lists the known ones.
    """
    if name not in available_families():
        raise ConfigError(f"unknown model family {name!r}; choose one of: {', '.join(available_families())}")
    return importlib.import_module(f"inference.families.{name}").FAMILY


__all__ = ["Family", "available_families", "get_family"]

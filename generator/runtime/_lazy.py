"""Client methods loaded on first use, so that importing a large client stays cheap.

Each operation method is defined in its group's module (`_operations/<group>.py`); the client
class holds a `LazyOperation` in its place, which imports that module the first time the
method is looked up and then puts the real function on the class. Type checkers read the full
interface from `_client.pyi`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["LazyOperation"]


class LazyOperation:
    """A client method that lives in `<package>._operations.<group>`, imported on first use."""

    def __init__(self, group: str) -> None:
        self.group = group
        self.name = ""
        self.owner: type[Any] | None = None

    def __set_name__(self, owner: type[Any], name: str) -> None:
        self.name, self.owner = name, owner
        # The names `with_raw_response` may wrap: this class's operations and its bases'.
        inherited: frozenset[str] = getattr(owner, "_operation_names", frozenset())
        owner._operation_names = inherited | {name}

    def load(self) -> Callable[..., Any]:
        """The method's function, from its module; it replaces this descriptor on the class."""
        owner = self.owner
        assert owner is not None, "a LazyOperation must be a class attribute"
        module = importlib.import_module(f"{owner._service.package}._operations.{self.group}")
        holder = module.AsyncOperations if owner._asynchronous else module.SyncOperations
        function: Callable[..., Any] = holder.__dict__[self.name]
        setattr(owner, self.name, function)
        return function

    def __get__(self, instance: object, owner: type[Any] | None = None) -> Any:
        function = self.load()
        return function if instance is None else function.__get__(instance, owner)

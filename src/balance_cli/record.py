"""Dataclasses whose methods are written once, here, instead of compiled for every class.

On Python 3.11, ``@dataclass(frozen=True)`` writes the source of six methods for each class
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``) and
compiles them when the module is imported: 1-1.5 ms a class. A county's run creates about
35 of them, so a fifth of everything it does beyond reading the workbook went on
compiling the same six methods again (issue 11). ``@record`` hands the field bookkeeping
to :mod:`dataclasses` (so ``fields``, ``replace``, ``asdict`` and ``is_dataclass`` work as
before) with every method generation switched off, then gives the class the methods below,
which behave as the generated ones do: keyword or positional arguments with defaults and
factories, ``__post_init__``, equality and hash over the fields, the same ``repr``, and
``FrozenInstanceError`` on assignment. ``tests/test_record.py`` checks this against
``dataclasses`` itself on random classes.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, overload

try:
    from typing import dataclass_transform
except ImportError:  # Python 3.10: the marker is for type checkers only

    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:  # type: ignore[no-redef]
        return lambda decorator: decorator


T = TypeVar("T")
_MISSING = dataclasses.MISSING


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(*, frozen: bool = True, eq: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: Any = None, /, *, frozen: bool = True, eq: bool = True) -> Any:
    """``@record``, ``@record(eq=False)`` or ``@record(frozen=False)``: as ``@dataclass``."""

    def wrap(klass: type[T]) -> type[T]:
        return _build(klass, frozen=frozen, eq=eq)

    return wrap if cls is None else wrap(cls)


def _build(cls: type[T], *, frozen: bool, eq: bool) -> type[T]:
    written = set(vars(cls))  # methods the class writes itself are kept, as dataclass does
    if not cls.__doc__:
        # dataclass would write "Name(signature)" with inspect, which for a class with no
        # __init__ yet tokenizes object's text signature: the tokenizer's pattern alone
        # costs 3-4 ms to compile. The fields are named in the same place instead.
        fields = inspect.get_annotations(cls)
        cls.__doc__ = f"{cls.__name__}({', '.join(fields)})"
    cls = dataclasses.dataclass(cls, init=False, repr=False, eq=False)  # bookkeeping only
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    methods: dict[str, Any] = {
        "__init__": _init(cls, fields),
        "__repr__": _repr(tuple(f.name for f in fields if f.repr)),
        "__match_args__": tuple(f.name for f in fields if f.init),
    }
    if eq:
        values = _values(tuple(f.name for f in fields if f.compare))
        methods["__eq__"] = _eq(values)
        # as dataclass: a frozen class hashes by its fields, a mutable one is unhashable
        methods["__hash__"] = _hash(values) if frozen else None
    if frozen:
        methods["__setattr__"] = _frozen_setattr
        methods["__delattr__"] = _frozen_delattr
    for name, method in methods.items():
        if name in written and name in ("__setattr__", "__delattr__"):
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
        if name not in written:
            setattr(cls, name, method)
    return cls


def _init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    names = tuple(f.name for f in fields if f.init)
    count = len(names)
    # what a field holds when it is not given: (constant, factory), one of them MISSING
    fallback = {f.name: (f.default, f.default_factory) for f in fields}
    unset = tuple(f.name for f in fields if not f.init)
    post_init = hasattr(cls, "__post_init__")
    where = f"{cls.__qualname__}.__init__()"

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        given = len(args)
        values = self.__dict__
        if given == count and not kwargs:  # every field given in order: the common call
            values.update(zip(names, args, strict=True))
        else:
            if given > count:
                raise TypeError(
                    f"{where} takes {count + 1} positional arguments but {given + 1} were given"
                )
            for key in kwargs:
                if key not in fallback or key in unset:
                    raise TypeError(f"{where} got an unexpected keyword argument {key!r}")
                if names.index(key) < given:
                    raise TypeError(f"{where} got multiple values for argument {key!r}")
            for i, name in enumerate(names):
                if i < given:
                    values[name] = args[i]
                elif name in kwargs:
                    values[name] = kwargs[name]
                else:
                    values[name] = _fallback(where, name, *fallback[name])
        for name in unset:
            default, factory = fallback[name]
            if default is not _MISSING or factory is not _MISSING:
                values[name] = _fallback(where, name, default, factory)
        if post_init:
            self.__post_init__()

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _fallback(where: str, name: str, default: Any, factory: Any) -> Any:
    if default is not _MISSING:
        return default
    if factory is not _MISSING:
        return factory()
    raise TypeError(f"{where} missing 1 required positional argument: {name!r}")


def _values(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple dataclass compares and hashes: the fields' values, in order."""
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return attrgetter(*names) if names else (lambda obj: ())  # type: ignore[return-value]


def _repr(names: tuple[str, ...]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__qualname__}({inner})"

    return __repr__


def _eq(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, object], Any]:
    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return values(self) == values(other)

    return __eq__


def _hash(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

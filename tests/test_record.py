"""``@record`` behaves as ``@dataclass`` does, checked against dataclasses on random classes.

Each example builds one class twice, with ``dataclasses.dataclass(frozen=…, eq=…)`` and
with ``record(frozen=…, eq=…)``, calls both the same way (right, and wrong: too many
arguments, unknown or repeated keywords, a required one missing) and compares everything
a caller can see: the exception type, the instance's fields in order, repr, equality,
hash, assignment and deletion, ``replace``, ``asdict``, ``fields`` and ``__match_args__``.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from balance_cli.record import record

NAMES = ("a", "b", "c", "d", "e", "f")


def build(maker, spec, post_init: bool):
    """A class with fields ``spec``: (name, "required" | "default" | "factory")."""
    ns: dict = {"__annotations__": {}}
    for name, kind in spec:
        ns["__annotations__"][name] = "object"
        if kind == "default":
            ns[name] = f"<{name}>"
        elif kind == "factory":
            ns[name] = dataclasses.field(default_factory=list)
    if post_init:

        def __post_init__(self):
            object.__setattr__(self, "_seen", True)

        ns["__post_init__"] = __post_init__
    return maker(type("Thing", (), ns))


def outcome(fn):
    try:
        return "ok", fn()
    except Exception as exc:  # the type is what is compared
        return type(exc).__name__, None


specs = st.lists(st.sampled_from(("required", "default", "factory")), max_size=len(NAMES)).map(
    lambda kinds: list(zip(NAMES, sorted(kinds, key=lambda k: k != "required"), strict=False))
)


@settings(max_examples=300, deadline=None)
@given(
    spec=specs,
    frozen=st.booleans(),
    eq=st.booleans(),
    post_init=st.booleans(),
    n_args=st.integers(0, 7),
    keywords=st.lists(st.sampled_from((*NAMES, "zz")), max_size=4, unique=True),
    change=st.sampled_from(NAMES),
)
def test_record_behaves_as_dataclass(spec, frozen, eq, post_init, n_args, keywords, change):
    ours = build(record(frozen=frozen, eq=eq), spec, post_init)
    theirs = build(dataclasses.dataclass(frozen=frozen, eq=eq), spec, post_init)
    args = tuple(range(n_args))
    kwargs = {k: f"kw-{k}" for k in keywords}

    a_status, a = outcome(lambda: ours(*args, **kwargs))
    b_status, b = outcome(lambda: theirs(*args, **kwargs))
    assert a_status == b_status
    assert [f.name for f in dataclasses.fields(ours)] == [
        f.name for f in dataclasses.fields(theirs)
    ]
    assert ours.__match_args__ == theirs.__match_args__
    if a_status != "ok":
        return
    assert list(vars(a).items()) == list(vars(b).items())
    assert repr(a) == repr(b)
    assert dataclasses.asdict(a) == dataclasses.asdict(b)

    twin_a, twin_b = ours(*args, **kwargs), theirs(*args, **kwargs)
    assert (a == twin_a) == (b == twin_b)
    assert (a != twin_a) == (b != twin_b)
    assert (a == 1) == (b == 1)
    a_hash, _ = outcome(lambda: hash(a))
    b_hash, _ = outcome(lambda: hash(b))
    assert a_hash == b_hash
    if a_hash == "ok" and frozen and eq:
        assert hash(a) == hash(b) == hash(twin_a)

    assert outcome(lambda: setattr(a, change, 1))[0] == outcome(lambda: setattr(b, change, 1))[0]
    assert outcome(lambda: delattr(a, "zz"))[0] == outcome(lambda: delattr(b, "zz"))[0]
    assert list(vars(a).items()) == list(vars(b).items())
    if spec:
        name = spec[0][0]
        a2, b2 = dataclasses.replace(twin_a, **{name: 9}), dataclasses.replace(twin_b, **{name: 9})
        assert repr(a2) == repr(b2)


def test_frozen_error_and_messages():
    @record
    class Point:
        x: int
        y: int = 2

    p = Point(1)
    assert (p.x, p.y, repr(p).rsplit(".", 1)[-1]) == (1, 2, "Point(x=1, y=2)")
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'x'"):
        p.x = 5
    with pytest.raises(TypeError, match=r"Point.__init__\(\) missing 1 required .*'x'"):
        Point()
    assert {Point(1), Point(1, 2), Point(3)} == {Point(1), Point(3)}
    assert dataclasses.is_dataclass(p)


def test_a_county_run_compiles_no_dataclass_method():
    """Importing what a county's run imports generates no method source at all."""
    code = (
        "import dataclasses, sys\n"
        "calls = []\n"
        "real = dataclasses._create_fn\n"
        "dataclasses._create_fn = lambda *a, **k: calls.append(a[0]) or real(*a, **k)\n"
        "import balance_cli.cli, balance_cli.commands.assess, balance_cli.rules.load\n"
        "import balance_cli.workbook.load, balance_cli.core.assess, balance_cli.render.emit\n"
        "print(len(calls))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_methods_the_class_writes_are_kept():
    @record
    class Money:
        amount: float

        def __repr__(self) -> str:
            return f"{self.amount:,.0f} 元"

    assert repr(Money(2296280)) == "2,296,280 元"
    with pytest.raises(TypeError, match="Cannot overwrite attribute __setattr__"):

        @record
        class Wrong:
            x: int

            def __setattr__(self, name, value):
                pass


def test_a_class_without_docstring_is_named_by_its_fields():
    @record
    class Pair:
        left: int
        right: int = 0

    assert Pair.__doc__ == "Pair(left, right)"

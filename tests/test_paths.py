"""balance_cli.paths answers as pathlib does: the same text, suffix, file and folder tests
(errors included), so that a run without pathlib prints what a run with it printed."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balance_cli import paths
from support import SAMPLES

PIECES = st.sampled_from(["", ".", "..", "a", "b.xlsx", ".csv", "x.", "名单.xlsx", " ", "a.b.c"])
TEXTS = st.lists(PIECES, max_size=6).map("/".join) | st.text(alphabet="/.ab", max_size=12)


@given(TEXTS)
def test_text_and_suffix_are_pathlibs(text):
    assert paths.text(text) == str(PurePosixPath(text))
    assert paths.suffix(text) == PurePosixPath(text).suffix


@pytest.mark.parametrize(
    "text",
    ["", ".", "/", "//", "///", "//a//b/", "./a/./b/.", "a/../b", "名单.xlsx", "x.", ".bashrc"],
)
def test_text_of_the_corner_cases(text):
    assert paths.text(text) == str(Path(text))
    assert paths.suffix(text) == Path(text).suffix


def outcome(test, path):
    try:
        return test(path)
    except OSError as exc:
        return type(exc), exc.errno


@pytest.mark.parametrize(
    "name",
    [
        "county-a-2023.xlsx",
        "county-a-2023.xlsx/",
        "./county-a-2023.csv",
        "",
        ".",
        "nope.xlsx",
        "county-a-2023.xlsx/inside",  # a file as a folder: ENOTDIR, read as no
        "a\x00b",  # NUL: ValueError, read as no
        "x" * 300,  # too long a name: pathlib raises, and so do these
    ],
)
def test_file_and_folder_tests_are_pathlibs(name):
    path = os.path.join(str(SAMPLES), name) if name else name
    assert outcome(paths.is_file, path) == outcome(lambda p: Path(p).is_file(), path)
    assert outcome(paths.is_dir, path) == outcome(lambda p: Path(p).is_dir(), path)


def test_a_folder_to_search_is_a_folder_the_system_can_examine(tmp_path):
    assert paths.is_folder(str(SAMPLES)) and paths.is_folder(SAMPLES)
    assert not paths.is_folder(str(SAMPLES / "county-a-2023.xlsx"))
    assert not paths.is_folder(tmp_path / "nope")
    too_long = str(tmp_path / ("x" * 300))
    with pytest.raises(OSError):
        paths.is_dir(too_long)  # pathlib's answer
    assert paths.is_folder(too_long) is False  # the batch's: a file whose reading says why

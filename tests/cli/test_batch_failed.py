"""A batch's CSV says what fails in each file, so that a script needs no second run: the
`failed` column lists the stable keys of the failing criteria and 2017 items, the same
ones the file's own JSON marks "failed"."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from support import SAMPLES, balance

FILES = ["county-d-2025.xlsx", "county-a-2023.xlsx", "county-c-2023.xlsx"]


@pytest.mark.parametrize(
    ("rules", "want"),
    [
        (
            "henan-199",
            {
                "county-d-2025.xlsx": "standards",
                "county-a-2023.xlsx": "",
                "county-c-2023.xlsx": "standards",
            },
        ),
        (
            "national-2017",
            {
                "county-d-2025.xlsx": "class_size;teacher_rotation",
                "county-a-2023.xlsx": None,  # lacks the 2017 columns: an input error
                "county-c-2023.xlsx": "standards;school_size;class_size",
            },
        ),
    ],
)
def test_batch_csv_names_what_fails(rules, want):
    paths = [str(SAMPLES / f) for f in FILES]
    result = balance("assess", *paths, "--rules", rules, "--format", "csv", "-q")
    assert result.returncode == (2 if None in want.values() else 1)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_file: dict[str, set[str]] = {}
    for row in rows:
        by_file.setdefault(Path(row["file"]).name, set()).add(row["failed"])
    for name, failed in want.items():
        if failed is None:
            assert by_file[name] == {""}
            continue
        assert by_file[name] == {failed}  # the same on each level's row
        single = json.loads(
            balance(
                "assess", str(SAMPLES / name), "--rules", rules, "--format", "json", "-q"
            ).stdout
        )
        keys = [c["key"] for c in single["criteria"] if c["status"] == "failed"]
        assert ";".join(keys) == failed

"""Writing where the user may not write, as a user meets it: the installed command run as
an unprivileged user (CI runs as root, for whom every folder is writable, so the test
drops to `nobody` with setpriv; as a normal user it runs directly).

Every writer refuses with exit status 2 and a message naming the output and the folder,
before any work, leaving nothing behind; reading from a read-only folder, with a cache
folder that cannot be written, still assesses and gives the same numbers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import SAMPLES

NOBODY = 65534


def _as_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]


# Not support.balance: the command runs as another user (a setpriv prefix) with a cache
# folder of the test's choosing.
def balance(*args: str, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BALANCE_CACHE_DIR": str(cache), "COLUMNS": "120"}
    cmd = [*_as_user(), sys.executable, "-m", "balance_cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def place() -> Iterator[Path]:
    """A folder the unprivileged user can read: a writable one and a read-only one."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: no way to be an ordinary user")
    root = Path(tempfile.mkdtemp(prefix="balance-ro-"))
    try:
        os.chmod(root, 0o755)
        if os.geteuid() == 0:
            os.chown(root, NOBODY, NOBODY)
        shutil.copy(SAMPLES / "county-a-2023.xlsx", root / "county.xlsx")
        shutil.copy(SAMPLES / "county-a-2023.csv", root / "county.csv")
        (root / "ro").mkdir()
        shutil.copy(SAMPLES / "county-a-2023.xlsx", root / "ro" / "county.xlsx")
        for p in (root / "county.xlsx", root / "county.csv", root / "ro" / "county.xlsx"):
            os.chmod(p, 0o644)
        os.chmod(root / "ro", 0o555)
        probe = balance("--help", cache=root / "cache")
        if probe.returncode != 0:
            pytest.skip(f"the unprivileged user cannot run the installed command: {probe.stderr}")
        yield root
    finally:
        if (root / "ro").exists():
            os.chmod(root / "ro", 0o755)
        shutil.rmtree(root, ignore_errors=True)


WRITERS = {
    "report": ["assess", "{root}/county.xlsx", "-o", "{root}/ro/report.xlsx"],
    "template": ["template", "{root}/ro/template.xlsx"],
    "apply": ["plan", "{root}/county.csv", "--apply-to", "{root}/ro/planned.csv"],
}


@pytest.mark.parametrize("writer", WRITERS)
def test_a_read_only_folder_is_refused_before_any_work(place, writer):
    args = [a.format(root=place) for a in WRITERS[writer]]
    before = sorted(p.name for p in (place / "ro").iterdir())
    result = balance(*args, cache=place / "cache")
    assert result.returncode == 2, result.stderr
    out = args[-1]
    assert f"{out}: 无法写入：没有在“{place}/ro”中写文件的权限" in result.stderr
    assert "Traceback" not in result.stderr
    english = balance(*args, "--lang", "en", cache=place / "cache")
    assert english.returncode == 2
    assert f"{out}: cannot write: no permission to write in '{place}/ro'" in english.stderr
    if writer != "template":  # template writes a workbook, it has no --format
        data = balance(*args, "--format", "json", cache=place / "cache")
        assert data.returncode == 2
        problem = json.loads(data.stdout)["error"]["problems"][0]
        assert problem["kind"] == "write_denied"
        assert problem["file"] == out
        assert problem["params"]["folder"] == f"{place}/ro"
    assert sorted(p.name for p in (place / "ro").iterdir()) == before  # nothing left behind


def test_reading_from_a_read_only_folder_with_an_unwritable_cache(place):
    """The survey in a read-only folder, the rules cache folder not writable: the same
    assessment as from a writable place, and no complaint about the cache."""
    cache = place / "ro" / "cache"  # cannot be created
    here = balance("assess", str(place / "ro" / "county.xlsx"), "--format", "json", cache=cache)
    there = balance("assess", str(place / "county.xlsx"), "--format", "json", cache=place / "c")
    assert here.returncode == there.returncode == 0  # county A passes
    mine, theirs = json.loads(here.stdout), json.loads(there.stdout)
    assert mine["levels"] == theirs["levels"]
    assert mine["levels"]["primary"]["composite_cv"] == pytest.approx(0.22729, abs=1e-5)
    assert "cache" not in here.stderr and "Traceback" not in here.stderr

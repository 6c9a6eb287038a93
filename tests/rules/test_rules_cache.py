"""The JSON cache of the built-in rule sets: the same rules as the YAML, never stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from balance_cli.rules import builtin_names, cache, load_rules
from balance_cli.rules.load import resolved_data


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BALANCE_CACHE_DIR", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("name", builtin_names())
def test_a_cached_rule_set_equals_the_yaml(cache_dir, name):
    from_yaml = resolved_data(name)
    first = load_rules(name)  # a miss: read from YAML, then stored
    assert cache.load(name) == from_yaml
    second = load_rules(name)  # a hit
    assert second == first


def test_a_changed_builtin_file_is_a_miss(cache_dir, monkeypatch, tmp_path_factory):
    load_rules("henan-199")
    assert cache.load("henan-199") is not None
    # Another set of built-in files (as after an upgrade): the key changes.
    import shutil

    from balance_cli.rules import catalog

    other = tmp_path_factory.mktemp("builtin")
    for path in Path(catalog.builtin_dir()).glob("*.yaml"):
        shutil.copy(path, other / path.name)
    text = (other / "henan-199.yaml").read_text(encoding="utf-8")
    (other / "henan-199.yaml").write_text(text + "\n# edited\n", encoding="utf-8")
    monkeypatch.setattr(catalog, "builtin_dir", lambda: other)
    assert cache.load("henan-199") is None


def test_off_and_unwritable_caches_fall_back_to_yaml(tmp_path, monkeypatch):
    monkeypatch.setenv("BALANCE_CACHE_DIR", "off")
    assert load_rules("henan-199").id == "henan-199"
    assert cache.load("henan-199") is None
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BALANCE_CACHE_DIR", str(blocker / "cache"))
    assert load_rules("national-2017").id == "national-2017"


def test_a_run_with_a_warm_cache_imports_no_yaml(cache_dir):
    code = (
        "import sys; from balance_cli.rules import load_rules; load_rules('henan-199'); "
        "print('yaml' in sys.modules)"
    )
    env = {"BALANCE_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin"}
    runs = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        for _ in range(2)
    ]
    assert [r.stdout.strip() for r in runs] == ["True", "False"]


def test_rules_list_reads_titles_from_a_warm_cache(cache_dir):
    """`rules list` with every built-in set cached imports no YAML, and lists the same
    titles as from the YAML files (cache off)."""
    for name in builtin_names():
        load_rules(name)  # warms the cache of this test's folder
    code = (
        "import sys; from balance_cli.cli import main\n"
        "try:\n    main(['rules', 'list', '--lang', 'en'])\n"
        "except SystemExit:\n    pass\n"
        "print('yaml' in sys.modules)"
    )
    warm = {"BALANCE_CACHE_DIR": str(cache_dir), "PATH": "/usr/bin:/bin"}
    off = {**warm, "BALANCE_CACHE_DIR": "off"}
    run = [sys.executable, "-c", code]
    from_cache = subprocess.run(run, capture_output=True, text=True, env=warm)
    from_yaml = subprocess.run(run, capture_output=True, text=True, env=off)
    *titles, imported = from_cache.stdout.splitlines()
    assert imported == "False"
    assert from_yaml.stdout.splitlines() == [*titles, "True"]
    assert titles[0].split("\t") == [
        "henan-199",
        "Henan rules for assessing basic balance in compulsory education",
    ]
    assert len(titles) == len(builtin_names()) == 3

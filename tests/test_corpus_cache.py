"""The corpus cache (law/cache.py): read back only what the same files and code would build, never
code, and never a corpus a changed file no longer gives."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from amnestyrules.law import cache
from amnestyrules.law import corpus as corpus_module
from amnestyrules.law.corpus import load_corpus, shipped_rules_dir


@pytest.fixture()
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("AMNESTYRULES_CACHE_DIR", str(directory))
    monkeypatch.delenv("AMNESTYRULES_CACHE", raising=False)
    return directory


def _no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the rule files were loaded, not the cache")
    monkeypatch.setattr(corpus_module, "_load", refuse)


def test_a_cached_corpus_is_the_corpus(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = load_corpus()
    assert len(list(cache_dir.glob("corpus-*.json"))) == 1
    _no_loading(monkeypatch)
    again = load_corpus()
    assert again == fresh and list(again.decrees) == list(fresh.decrees)


def test_a_changed_user_rule_file_is_read_again(cache_dir: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "rules"
    (user / "decrees").mkdir(parents=True)
    shutil.copy(shipped_rules_dir() / "decrees" / "LD-7-2022.yaml", user / "decrees" / "LD-7-2022.yaml")
    before = load_corpus([user])
    text = (user / "decrees" / "LD-7-2022.yaml").read_text(encoding="utf-8")
    (user / "decrees" / "LD-7-2022.yaml").write_text(text.replace("confidence: high", "confidence: low", 1),
                                                      encoding="utf-8")
    after = load_corpus([user])
    assert before.decree("LD-7-2022") != after.decree("LD-7-2022")
    assert len(list(cache_dir.glob("corpus-*.json"))) == 2   # one per content: the edit made a new key
    _no_loading(monkeypatch)
    assert load_corpus([user]) == after


def test_an_unreadable_or_hostile_cache_file_is_ignored(cache_dir: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = load_corpus()
    path = next(cache_dir.glob("corpus-*.json"))
    payload = json.loads(path.read_text(encoding="utf-8"))
    marker = tmp_path / "executed"
    hostile = [
        "not json at all",
        json.dumps({**payload, "corpus": ["o", "system", f"touch {marker}"]}),        # a name not on the list
        json.dumps({**payload, "corpus": ["o", "Popen", ["l", "touch", str(marker)]]}),
        json.dumps({**payload, "corpus": ["t", ["o", "Citation", "x"], ["d"]]}),      # wrong field count
        json.dumps({**payload, "corpus": ["t", 1, 2]}),                               # not a corpus
        json.dumps({**payload, "format": 0}),
    ]
    for text in hostile:
        path.write_text(text, encoding="utf-8")
        assert cache.read(path.stem[len("corpus-"):]) is None
        assert load_corpus() == fresh   # loaded from the files (and the cache written afresh)
    assert not marker.exists()


def test_the_cache_can_be_turned_off(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AMNESTYRULES_CACHE", "off")
    load_corpus()
    assert not cache_dir.exists()


def test_an_unwritable_cache_directory_is_not_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("AMNESTYRULES_CACHE_DIR", str(blocker / "cache"))
    assert load_corpus().decree("LD-7-2022").id == "LD-7-2022"

"""The cache of validated rule packs and format definitions (core/defcache.py): a cached file gives
the same rules and formats as a fresh load, an edited file is read and validated again (its errors
named by file, line and key as without the cache), and a damaged entry is ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from disclosure_lint.core import defcache
from disclosure_lint.core.errors import DataFileError
from disclosure_lint.core.plugins import build_environment

from .clitools import run
from .test_boilerplate import local_stock_pack

PACK = (
    "schema: disclosure-lint/rule-pack/1\npack: local\nrules:\n"
    "  - code: LC101\n"  # line 4
    "    name: local-rule\n"
    "    kind: {kind}\n"  # line 6
    "    severity: warning\n"
    "    title: {{zh: 标题, en: title}}\n"
    "    message: {{zh: '{{table}}', en: 'msg'}}\n"
    "    rationale: {{zh: 理由, en: why}}\n"
    "    params: {{check: blank}}\n"
)


def local_pack(folder: Path, kind: str = "cell") -> Path:
    path = folder / "local.yaml"
    path.write_text(PACK.format(kind=kind), encoding="utf-8")
    return path


def build(cache: Path | None, packs: list[Path] | None = None):
    return build_environment(autoload=False, extra_packs=packs, definition_cache=cache)


def entries(cache: Path) -> list[Path]:
    return sorted((cache / defcache.FOLDER).glob("*.json"))


def no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading a YAML file fail: what loads then came from the cache."""

    def refuse(path):
        raise AssertionError(f"{path} was read, not taken from the cache")

    monkeypatch.setattr(defcache, "load_sourced_file", refuse)


def test_a_cached_pack_gives_the_same_rules_and_formats(tmp_path, monkeypatch) -> None:
    fresh = build(None, [local_pack(tmp_path)])
    assert not (tmp_path / "cache").exists()
    first = build(tmp_path / "cache", [local_pack(tmp_path)])
    assert len(entries(tmp_path / "cache")) == len(fresh.rules.packs) + len(fresh.formats.formats)
    no_yaml(monkeypatch)
    cached = build(tmp_path / "cache", [local_pack(tmp_path)])
    for env in (first, cached):
        assert list(env.rules) == list(fresh.rules)
        assert [r.to_dict() for r in env.rules] == [r.to_dict() for r in fresh.rules]
        assert [(p.name, p.file, p.plugin, p.overrides) for p in env.rules.packs] == [
            (p.name, p.file, p.plugin, p.overrides) for p in fresh.rules.packs
        ]
        assert env.formats.formats == fresh.formats.formats


def test_an_edited_pack_is_read_again_and_its_errors_named(tmp_path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    build(cache, [local_pack(tmp_path)])
    path = local_pack(tmp_path, kind="summ")  # now invalid
    with pytest.raises(DataFileError) as info:
        build(cache, [path])
    ((problem,),) = [info.value.problems]
    assert (problem.file, problem.line, problem.key) == (str(path), 6, "rules[0].kind")
    assert "unknown rule kind 'summ'" in problem.message
    # the same error as without the cache, and nothing stored for the invalid file
    with pytest.raises(DataFileError) as plain:
        build(None, [path])
    assert [str(p) for p in info.value.problems] == [str(p) for p in plain.value.problems]
    stored = {json.loads(p.read_bytes())["file"] for p in entries(cache)}
    assert str(path) in stored  # the valid version
    local_pack(tmp_path)  # valid again: its entry is found
    no_yaml(monkeypatch)
    assert build(cache, [path]).rules.get("LC101") is not None


def test_a_damaged_entry_is_ignored(tmp_path) -> None:
    cache = tmp_path / "cache"
    fresh = build(cache, [local_pack(tmp_path)])
    files = entries(cache)
    damaged = [
        b"",
        b"{not json",
        b'{"key": "another", "file": "x", "data": {}, "lines": []}',
        b"[1, 2]",
    ]
    for index, path in enumerate(files):
        if index % 3 == 0:
            entry = json.loads(path.read_bytes())
            entry["lines"] = [["rules", "not a line"]]
            path.write_text(json.dumps(entry), encoding="utf-8")
        else:
            path.write_bytes(damaged[index % len(damaged)])
    again = build(cache, [local_pack(tmp_path)])
    assert [r.to_dict() for r in again.rules] == [r.to_dict() for r in fresh.rules]
    assert again.formats.formats == fresh.formats.formats
    # the damaged entries were replaced by good ones
    assert all(json.loads(p.read_bytes())["data"] for p in entries(cache))


def test_other_formats_mean_other_entries_for_the_packs(tmp_path) -> None:
    cache = tmp_path / "cache"
    build(cache)
    before = set(entries(cache))
    text = Path(build(None).formats.get("pre2019").source).read_text(encoding="utf-8")
    extra = tmp_path / "formats"
    extra.mkdir()
    (extra / "copy.yaml").write_text(text.replace("id: ", "id: copy-", 1), encoding="utf-8")
    build_environment(autoload=False, extra_formats=[extra], definition_cache=cache)
    added = set(entries(cache)) - before
    packs = len(build(None).rules.packs)
    # the new format file, and every pack again (they were checked against other formats)
    assert len(added) == 1 + packs


def test_the_cli_uses_the_cache_folder_unless_caching_is_off(tmp_path) -> None:
    cache = tmp_path / "cache"
    result = run("rules", env={"DISCLOSURE_LINT_CACHE_DIR": str(cache)})
    assert result.returncode == 0, result.stderr
    assert entries(cache)
    again = run("rules", env={"DISCLOSURE_LINT_CACHE_DIR": str(cache)})
    assert again.stdout == result.stdout
    other = tmp_path / "other"
    for env in ({"DISCLOSURE_LINT_NO_CACHE": "1"}, {}):
        args = ["rules"] if env else ["check", "--no-cache", "--format", "json", str(tmp_path)]
        off = run(*args, env={"DISCLOSURE_LINT_CACHE_DIR": str(other), **env})
        assert off.returncode in (0, 1), off.stderr
        assert not other.exists()


def test_a_kind_that_reads_files_is_validated_on_every_load(tmp_path) -> None:
    # the boilerplate kind checks the catalogue files a rule names: a cached pack whose catalogue
    # went missing is still refused, with the same message as without the cache
    catalogue = tmp_path / "phrases.yaml"
    catalogue.write_text(
        "schema: disclosure-lint/stock-phrases/1\nphrases:\n"
        "  - {text: 政策解读多样性需进一步加强}\n",
        encoding="utf-8",
    )
    pack = local_stock_pack(tmp_path, "phrases.yaml")
    cache = {"DISCLOSURE_LINT_CACHE_DIR": str(tmp_path / "cache")}
    assert run("rules", "--rules", str(pack), env=cache).returncode == 0
    catalogue.unlink()
    cached = run("rules", "--rules", str(pack), "--lang", "en", env=cache)
    plain = run(
        "rules", "--rules", str(pack), "--lang", "en", env={"DISCLOSURE_LINT_NO_CACHE": "1"}
    )
    assert cached.returncode == plain.returncode == 2
    assert cached.stderr == plain.stderr
    assert b"catalogues" in cached.stderr

"""Batches at scale and under bad input: workers, time limits, crashes, the result cache, and a
batch of more than 200 files of every hostile kind, each appearing exactly once."""

from __future__ import annotations

import codecs
import io
import json
import os
import shutil
import sqlite3
import threading
import zipfile
import zlib
from pathlib import Path

import pytest

from disclosure_lint.core.cache import SCHEMA_VERSION
from disclosure_lint.core.inputs import InputSource
from disclosure_lint.core.results import FileResult, FileStatus
from disclosure_lint.core.runner import Runner
from disclosure_lint.core.workers import CHUNK, OrderedPool, chunk_for

from .clitools import run
from .conftest import CORPUS, FIXTURES, SEED, SHUYANG_DATA

PLUGIN = FIXTURES / "plugins" / "misbehaving.py"


def files_of(result) -> dict[str, dict]:
    data = json.loads(result.stdout)
    return {f["path"]: f for f in data["files"]}


def codes(entry: dict) -> list[str]:
    return [f["code"] for f in entry["findings"]]


def seeds(folder: Path, names: list[str]) -> list[Path]:
    paths = []
    for name in names:
        target = folder / name
        shutil.copy(SEED, target)
        paths.append(target)
    return paths


def test_workers_give_the_same_results_in_the_same_order(tmp_path: Path) -> None:
    reports = [
        *seeds(tmp_path, [f"r{i:02d}.txt" for i in range(12)]),
        SHUYANG_DATA,
        CORPUS / "r013.html",
        CORPUS / "d02_hongze_2024.pdf",
    ]
    args = ["check", *map(str, reports), "--format", "json", "--no-cache"]
    serial = json.loads(run(*args, "-j", "1").stdout)
    parallel = json.loads(run(*args, "-j", "2").stdout)
    assert [f["path"] for f in parallel["files"]] == [str(p) for p in reports]
    assert parallel["files"] == serial["files"]


def test_a_slow_file_times_out_and_the_batch_goes_on(tmp_path: Path) -> None:
    slow, fine = seeds(tmp_path, ["slow.txt", "fine.txt"])
    result = run(
        "check",
        str(slow),
        str(fine),
        "--plugin",
        str(PLUGIN),
        "--timeout",
        "2",
        "--format",
        "json",
        "--no-cache",
        "-j",
        "1",
    )
    files = files_of(result)
    assert codes(files[str(slow)]) == ["DL908"]
    assert "2" in files[str(slow)]["findings"][0]["message"]
    assert "DL205" in codes(files[str(fine)])
    assert result.returncode == 1


@pytest.mark.parametrize("around", [5, 20], ids=["a file per task", "files in chunks"])
def test_a_file_that_kills_its_worker_is_reported_and_nothing_is_lost(
    tmp_path: Path, around: int
) -> None:
    """With 41 files, two workers get them in chunks of 4 (core/workers.py ``chunk_for``): the
    files of the crashed chunk and of every other chunk in flight are checked again."""
    names = [f"a{i}.txt" for i in range(around)] + ["crash.txt"]
    names += [f"b{i}.txt" for i in range(around)]
    reports = seeds(tmp_path, names)
    result = run(
        "check",
        *map(str, reports),
        "--plugin",
        str(PLUGIN),
        "--format",
        "json",
        "--no-cache",
        "-j",
        "2",
    )
    files = files_of(result)
    assert list(files) == [str(p) for p in reports]  # every input once, in order
    crash = files[str(tmp_path / "crash.txt")]
    assert crash["status"] == "unreadable" and codes(crash) == ["DL999"]
    assert "worker" in crash["findings"][0]["message"]
    for name in names:
        if name != "crash.txt":
            assert "DL205" in codes(files[str(tmp_path / name)]), name
    assert result.returncode == 3  # an internal error shows in the exit code


def test_the_cache_returns_the_same_results(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    reports = [SEED, SHUYANG_DATA, CORPUS / "r013.html", CORPUS / "d01_hongze_2023.pdf"]
    args = ["check", *map(str, reports), "--format", "json", "--cache-dir", str(cache)]
    cold = json.loads(run(*args).stdout)
    database = cache / "results.sqlite3"
    stored = sqlite3.connect(database).execute("SELECT count(*) FROM results").fetchone()[0]
    assert stored == len(reports)
    warm = json.loads(run(*args).stdout)
    assert warm["files"] == cold["files"]
    uncached = json.loads(run(*args[:-2], "--no-cache").stdout)
    assert uncached["files"] == cold["files"]


def test_a_changed_configuration_or_file_is_not_served_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    report = seeds(tmp_path, ["a.txt"])[0]
    base = ["check", str(report), "--format", "json", "--cache-dir", str(cache)]
    assert "DL205" in codes(files_of(run(*base))[str(report)])
    # a rule ignored by configuration: the cached result must not bring it back
    assert "DL205" not in codes(files_of(run(*base, "--ignore", "DL205"))[str(report)])
    # the file changes: checked again
    fixed = SEED.read_text(encoding="utf-8").replace("\t\xa000", "\t\xa00")  # line 161
    assert fixed != SEED.read_text(encoding="utf-8")
    report.write_text(fixed, encoding="utf-8")
    assert "DL205" not in codes(files_of(run(*base))[str(report)])


def test_a_killed_run_keeps_what_it_had_checked_in_the_cache(tmp_path: Path) -> None:
    """The cache commits every 200 results: a run killed outright (no cleanup at all) after 230
    files leaves 200 of them, and the next run serves those from the cache."""
    cache = tmp_path / "cache"
    done = seeds(tmp_path, [f"s{i:03d}.txt" for i in range(230)])
    [killer] = seeds(tmp_path, ["interrupt.txt"])
    args = ["--plugin", str(PLUGIN), "--format", "json", "--cache-dir", str(cache), "-j", "1"]
    killed = run("check", *map(str, done), str(killer), *args)
    assert killed.returncode == -9 and not killed.stdout  # killed before any output
    database = cache / "results.sqlite3"
    stored = sqlite3.connect(database).execute("SELECT count(*) FROM results").fetchone()[0]
    assert stored == 200
    again = run("check", *map(str, done), *args)
    files = files_of(again)
    assert list(files) == [str(p) for p in done]
    assert all("DL205" in codes(entry) for entry in files.values())
    assert json.loads(again.stdout)["summary"]["cache_hits"] == 200
    stored = sqlite3.connect(database).execute("SELECT count(*) FROM results").fetchone()[0]
    assert stored == 230


def test_an_edited_plugin_file_is_not_served_old_results(tmp_path: Path) -> None:
    """The cache fingerprint covers the code: a ``--plugin`` file edited between two runs (as
    a rule author does) gets the new behaviour, not the results of the code it replaced."""
    plugin = tmp_path / "local_rule.py"
    shutil.copy(PLUGIN, plugin)
    shutil.copy(PLUGIN.with_name("misbehaving-pack.yaml"), tmp_path / "misbehaving-pack.yaml")
    report = seeds(tmp_path, ["a.txt"])[0]
    args = ["check", str(report), "--plugin", str(plugin), "--format", "json"]
    args += ["--cache-dir", str(tmp_path / "cache"), "-j", "1", "--timeout", "2"]
    first = run(*args)
    assert "DL205" in codes(files_of(first)[str(report)])
    assert json.loads(run(*args).stdout)["summary"]["cache_hits"] == 1  # unchanged: cached
    source = plugin.read_text(encoding="utf-8")
    edited = source.replace('        if "slow" in name:', '        if "a.txt" in name:')
    assert edited != source
    plugin.write_text(edited, encoding="utf-8")
    second = run(*args)
    # the edited rule now sleeps on a.txt: the time limit ends it, no cached result is served
    assert codes(files_of(second)[str(report)]) == ["DL908"]
    assert json.loads(second.stdout)["summary"]["cache_hits"] == 0


def test_a_corrupt_cache_is_ignored_not_trusted(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "results.sqlite3").write_bytes(b"not a database at all" * 100)
    report = seeds(tmp_path, ["a.txt"])[0]
    result = run("check", str(report), "--format", "json", "--cache-dir", str(cache))
    assert result.returncode == 1  # the title error, as without a cache
    assert "DL205" in codes(files_of(result)[str(report)])
    assert "未使用结果缓存" in result.stderr.decode()
    # a cache with a damaged record: that file is checked again
    good = tmp_path / "good"
    run("check", str(report), "--format", "json", "--cache-dir", str(good))
    with sqlite3.connect(good / "results.sqlite3") as db:
        db.execute("UPDATE results SET record = ?", (b"garbage",))
    again = run("check", str(report), "--format", "json", "--cache-dir", str(good))
    assert "DL205" in codes(files_of(again)[str(report)])
    # findings or prepared data that are not those the record names (by CRC-32; they are
    # decoded later, unguarded): the file is checked again, not served without its findings
    for column in ("findings", "prepared"):
        with sqlite3.connect(good / "results.sqlite3") as db:
            db.execute(f"UPDATE results SET {column} = ?", (zlib.compress(b"[]"),))
        damaged = run("check", str(report), "--format", "json", "--cache-dir", str(good))
        assert "DL205" in codes(files_of(damaged)[str(report)])
        assert json.loads(damaged.stdout)["summary"]["cache_hits"] == 0
    # a cache written by another layout version is emptied, not read
    with sqlite3.connect(good / "results.sqlite3") as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    run("check", str(report), "--format", "json", "--cache-dir", str(good))
    with sqlite3.connect(good / "results.sqlite3") as db:
        schema = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]
        assert schema == str(SCHEMA_VERSION)


# -- the hostile batch --------------------------------------------------------------------------


def _docx(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(CORPUS / "d02_hongze_2024.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _scanned_pdf() -> bytes:
    """A real report page rasterised into an image-only PDF, as a scanner makes it."""
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(str(CORPUS / "d01_hongze_2023.pdf"))[2].render(scale=1.0).to_pil()
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PDF", resolution=72.0)
    return buffer.getvalue()


def build_hostile_batch(folder: Path) -> dict[str, str | None]:
    """Write the batch; returns file name -> the code its finding must have (None: a report that
    is read, whatever its findings)."""
    expect: dict[str, str | None] = {}
    folder.mkdir()
    sub = folder / "子目录 with spaces"
    sub.mkdir()
    # real reports in every format, many copies, names with spaces and Chinese characters
    for i in range(160):
        name = f"银州区 工人街道 {i:03d}.txt" if i % 2 else f"seed-{i:03d}.txt"
        shutil.copy(SEED, (sub if i % 3 == 0 else folder) / name)
        expect[name] = None
    for source in [
        "r003.md",
        "r004.txt",
        "r006.txt",
        "r012.txt",
        "r013.html",
        "d01_hongze_2023.pdf",
        "d02_hongze_2024.pdf",
        "d03_huaian_2024.pdf",
    ]:
        for copy in range(3):
            name = f"copy{copy}-{source}"
            shutil.copy(CORPUS / source, folder / name)
            expect[name] = None
    for source in ["r013.docx", "r013-gbk.html", "r013-page-gbk.html"]:
        shutil.copy(FIXTURES / "converted" / source, folder / source)
        expect[source] = None
    shutil.copy(SHUYANG_DATA, folder / "shuyang.yaml")
    expect["shuyang.yaml"] = None
    hostile: dict[str, tuple[bytes, str]] = {
        "empty.txt": (b"", "DL905"),
        "blank.html": (b"   \n", "DL905"),
        "garbage.txt": (os.urandom(4096) + b"\x00" * 64, "DL903"),
        "garbage.html": (bytes(range(256)) * 32, "DL903"),
        "png-named.pdf": (b"\x89PNG\r\n\x1a\n" + os.urandom(512), "DL922"),
        "zip-named.docx": (_docx({"hello.txt": b"hi"}), "DL911"),
        "bomb.docx": (
            _docx(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b"<w:document>" + b" " * 300_000_000,
                }
            ),
            "DL912",
        ),
        "truncated.pdf": ((CORPUS / "d02_hongze_2024.pdf").read_bytes()[:2000], "DL922"),
        "broken.yaml": (b"schema: disclosure-lint/report-data/1\ntables: {a: [\n", "DL906"),
        "broken.json": (b'{"schema": "disclosure-lint/report-data/1", "tables": [}', "DL906"),
        "nested.html": (b"<html><body>" + b"<div>" * 200_000 + b"</body></html>", "DL916"),
        "photo-named.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(300), "DL903"),
    }
    for name, (data, code) in hostile.items():
        (folder / name).write_bytes(data)
        expect[name] = code
    # a huge XML part (compresses well below the zip-bomb ratio), an encrypted and a scanned PDF
    paragraph = "<w:p><w:r><w:t>本机关全年共受理政府信息公开申请</w:t></w:r></w:p>".encode()
    (folder / "huge-xml.docx").write_bytes(
        _docx(
            {
                "[Content_Types].xml": b"<Types/>",
                "word/document.xml": b"<w:document><w:body>"
                + paragraph * 700_000
                + b"</w:body></w:document>",
            }
        )
    )
    expect["huge-xml.docx"] = "DL912"
    (folder / "encrypted.pdf").write_bytes(_encrypted_pdf())
    expect["encrypted.pdf"] = "DL921"
    (folder / "scanned.pdf").write_bytes(_scanned_pdf())
    expect["scanned.pdf"] = "DL920"
    # mixed encodings: GBK bytes in a page that declares UTF-8
    text = (CORPUS / "r013.html").read_text(encoding="utf-8")
    page = '<html><head><meta charset="utf-8"></head><body>' + text + "</body></html>"
    (folder / "wrong-charset.html").write_bytes(page.encode("gb18030"))
    expect["wrong-charset.html"] = "DL915"
    seed = SEED.read_text(encoding="utf-8").replace("\xa0", " ")
    (folder / "gbk.txt").write_bytes(seed.encode("gbk"))
    expect["gbk.txt"] = None
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + seed.encode("utf-16-le"))
    expect["utf16.txt"] = None
    # over the size limit (the configuration lowers it to 1.5 MB for this batch)
    (folder / "huge.html").write_bytes(b"<p>" + b"x" * 2_000_000 + b"</p>")
    expect["huge.html"] = "DL907"
    # a link to nowhere, and a loop back to the batch folder
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    expect["dangling.txt"] = "DL901"
    (sub / "loop").symlink_to(folder)
    return expect


def test_hostile_batch_every_input_exactly_once(tmp_path: Path) -> None:
    folder = tmp_path / "批量 batch"
    expect = build_hostile_batch(folder)
    assert len(expect) >= 200
    (tmp_path / ".disclosure-lint.yaml").write_text("max-file-size: 1500000\n", encoding="utf-8")
    result = run(
        "check", str(folder), "--format", "json", "-j", "2", "--timeout", "60", cwd=tmp_path
    )
    assert b"Traceback" not in result.stderr, result.stderr[-2000:]
    data = json.loads(result.stdout)
    paths = [f["path"] for f in data["files"]]
    assert len(paths) == len(set(paths)) == len(expect)  # once each, the loop not followed
    by_name = {Path(p).name: f for p, f in zip(paths, data["files"], strict=True)}
    assert set(by_name) == set(expect)
    for name, code in expect.items():
        entry = by_name[name]
        assert "DL999" not in codes(entry), (name, entry["findings"][:1])
        if code is None:
            assert entry["status"] in ("checked", "not-checkable"), name
        else:
            assert code in codes(entry), (name, codes(entry))
    assert data["summary"]["files"] == len(expect)
    assert result.returncode == 1


def test_hostile_batch_is_the_same_serial_and_cached(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    build_hostile_batch(folder)
    (tmp_path / ".disclosure-lint.yaml").write_text("max-file-size: 1500000\n", encoding="utf-8")
    cache = tmp_path / "cache"
    first = json.loads(
        run(
            "check",
            str(folder),
            "--format",
            "json",
            "-j",
            "2",
            "--cache-dir",
            str(cache),
            cwd=tmp_path,
        ).stdout
    )
    second = json.loads(
        run(
            "check",
            str(folder),
            "--format",
            "json",
            "-j",
            "1",
            "--cache-dir",
            str(cache),
            cwd=tmp_path,
        ).stdout
    )
    assert second["files"] == first["files"]


def test_the_pool_is_gone_when_the_last_result_is_in(env, engine) -> None:
    """Once every result is in, the worker pool's manager thread has ended: left running, it
    raced the executor's exit hook, which printed "Exception ignored ... Bad file descriptor"
    at the end of some runs (seen in a test of the progress bar)."""
    runner = Runner(env, engine, jobs=2)
    pool = OrderedPool(runner, 2)
    sources = [InputSource.from_path(path) for path in (SEED, CORPUS / "r004.txt")]
    done = [result for _, (result, _), _ in pool.map(sources, lambda source: None)]
    assert [r.path for r in done] == [str(SEED), str(CORPUS / "r004.txt")]
    assert all(r.findings for r in done)
    managers = [t for t in threading.enumerate() if type(t).__name__ == "_ExecutorManagerThread"]
    assert managers == []


def test_tasks_take_several_files_only_in_a_batch_large_enough() -> None:
    assert chunk_for(None, 2) == 1  # a stream of unknown length
    assert chunk_for(11, 2) == 1
    assert chunk_for(16, 2) == 2
    assert chunk_for(1000, 2) == CHUNK
    assert chunk_for(1000, 0) == CHUNK


def test_chunked_tasks_keep_the_input_order_with_hits_between(env, engine, tmp_path) -> None:
    """Files to check go three to a task; every other file is a hit (a cache hit's result,
    yielded in its place without a worker)."""
    runner = Runner(env, engine, jobs=2)
    reports = seeds(tmp_path, [f"r{i:02d}.txt" for i in range(10)])
    sources = [InputSource.from_path(path) for path in reports]
    hits = {str(path) for path in reports[::2]}

    def ready(source: InputSource) -> FileResult | None:
        if source.name in hits:
            return FileResult(source.name, FileStatus.UNREADABLE, [])
        return None

    pool = OrderedPool(runner, 2, chunk=3)
    done = [(result.path, computed) for _, (result, _), computed in pool.map(sources, ready)]
    assert done == [(str(path), str(path) not in hits) for path in reports]

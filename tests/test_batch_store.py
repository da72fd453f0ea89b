"""The print store of the batch checks: prints written to a temporary file come back exactly,
a run with the store finds what a run with the prints in memory finds, and the file is gone
when the run ends, also when it fails."""

from __future__ import annotations

import json
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.batch import neardup, store, yoy
from disclosure_lint.batch.prints import CellNote, ReportPrint, SectionPrint, view_report
from disclosure_lint.batch.store import PrintList, PrintStore
from disclosure_lint.core import phase
from disclosure_lint.core.batch import BatchOptions
from disclosure_lint.core.engine import Engine, Selection
from disclosure_lint.core.inputs import InputSource
from disclosure_lint.core.model import SourceLocation
from disclosure_lint.core.reporting import Reporter
from disclosure_lint.core.runner import Runner

from .conftest import CORPUS
from .test_batch_checks import DISTINCT, HONGZE_2023, Recorder, copied_from_seed, run
from .test_batch_rounds import year_pairs


def _same(a: object, b: object) -> None:
    """``a`` and ``b`` equal field by field, arrays by dtype and values."""
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray)
        assert a.dtype == b.dtype
        assert np.array_equal(a, b)
    elif isinstance(a, ReportPrint | SectionPrint):
        assert type(a) is type(b)
        names = [f for f in a.__dataclass_fields__ if f != "shingles"]
        for name in names:
            _same(getattr(a, name), getattr(b, name))
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _same(x, y)
    else:
        assert type(a) is type(b)
        assert a == b


def _arrays(dtype, top: int) -> st.SearchStrategy[np.ndarray]:
    return st.lists(st.integers(0, top), max_size=40).map(lambda v: np.array(v, dtype))


_sections = st.builds(
    SectionPrint,
    key=st.sampled_from(["overview", "problems", "other", "text", "table_notes"]),
    heading=st.text(max_size=12),
    line=st.none() | st.integers(1, 10**6),
    hashes=_arrays(np.uint32, 2**32 - 1),
    para_starts=_arrays(np.int64, 10**6),
    para_lines=_arrays(np.int64, 10**6),
    chars=st.integers(0, 10**6),
    para_pages=_arrays(np.int64, 500),
    para_numbers=_arrays(np.int64, 5000),
    page=st.none() | st.integers(1, 500),
    paragraph=st.none() | st.integers(1, 5000),
)
_cells = st.builds(
    CellNote,
    table=st.sampled_from(["table2", "table3"]),
    row=st.text(max_size=8),
    column=st.text(max_size=8),
    value=st.integers(-(10**12), 10**12) | st.decimals(allow_nan=False, allow_infinity=False),
    raw=st.none() | st.text(max_size=8),
    row_label=st.text(max_size=8),
    column_label=st.text(max_size=8),
    table_name=st.text(max_size=8),
    location=st.none() | st.builds(SourceLocation, st.text(max_size=8), st.integers(1, 99)),
)
_prints = st.builds(
    ReportPrint,
    path=st.text(max_size=20),
    body=st.none() | st.text(max_size=12),
    year=st.none() | st.integers(1990, 2100),
    format=st.sampled_from([None, "2019", "2021"]),
    sections=st.lists(_sections, max_size=5),
    cells=st.dictionaries(st.tuples(st.text(max_size=3), st.text(max_size=3)), _cells, max_size=3),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_prints, min_size=1, max_size=6), st.integers(0, 30))
def test_prints_come_back_exactly(prints: list[ReportPrint], reads: int) -> None:
    with PrintStore() as kept:
        indexes = [kept.add(p) for p in prints]
        assert indexes == list(range(len(prints)))
        # read back in an order that goes past the decoded prints kept (RECENT)
        order = [*range(len(prints)), *reversed(range(len(prints)))] * (reads // 4 + 1)
        for index in order:
            original = prints[index]
            _same(kept.get(index), original)
            assert kept.body_key(index) == original.body_key
            for other in prints:  # the body hashes are confirmed on the keys
                key = other.body_key
                assert kept.same_body(index, key) == (key is not None and key == original.body_key)
            _same(kept.shingles(index, None), original.shingles)
            for section in original.sections:
                first = original.section(section.key)
                assert first is not None
                _same(kept.shingles(index, section.key), first.shingles)
            assert kept.shingles(index, "no-such-section") is None
    assert kept.closed


def test_sets_read_back_past_the_kept_ones(load, monkeypatch: pytest.MonkeyPatch) -> None:
    """With room for about one set among those read last, every set and body key (one with a
    lone surrogate, as undecodable bytes leave) still comes back exactly, in any order."""
    monkeypatch.setattr(store, "RECENT_SET_BYTES", 4096)
    views = [view_report(load(path), str(path)) for path in DISTINCT]
    views[0].body = "某某局\udce9"
    with PrintStore() as kept:
        for view in views:
            kept.add(view)
        for index in [0, 1, 0, 2, 1, 1, 2, 0] * 2:
            view = views[index % len(views)]
            _same(kept.shingles(index % len(views), None), view.shingles)
            assert kept.body_key(index % len(views)) == view.body_key
            assert kept.same_body(index % len(views), view.body_key)
        assert kept._recent_bytes <= 4096 or len(kept._recent_sets) == 1


def test_a_store_keeps_only_the_shingle_sets_it_was_asked_for(load) -> None:
    view = view_report(load(CORPUS / "yinzhou-gongren-2019.txt"), "a.txt")
    with PrintStore({"", "overview"}) as kept:
        kept.add(view)
        overview = view.section("overview")
        assert overview is not None
        _same(kept.shingles(0, "overview"), overview.shingles)
        _same(kept.shingles(0, None), view.shingles)
        with pytest.raises(KeyError):
            kept.shingles(0, "problems")


def test_real_report_prints_come_back_exactly(load) -> None:
    paths = [*DISTINCT, HONGZE_2023, CORPUS / "r013.html", CORPUS / "w01_pingtan_2025.html"]
    views = [view_report(load(path), str(path)) for path in paths]
    assert all(view.sections for view in views)
    with PrintStore() as kept:
        for view in views:
            kept.add(view)
        for _ in range(2):  # the second pass reads the file again (past RECENT)
            for index, view in enumerate(views):
                _same(kept.get(index), view.compact())
                _same(kept.shingles(index, None), view.shingles)
    for index, view in enumerate(views):
        listed = PrintList(dict(enumerate(views)))
        assert listed.body_key(index) == view.body_key
        _same(listed.shingles(index, None), view.shingles)


class _MemoryStore(PrintList):
    """The reference: prints kept in memory (a list, as the checks kept them before)."""

    def __init__(self, sets: object = None) -> None:
        super().__init__({})
        self.kept: dict[int, ReportPrint] = self._prints  # type: ignore[assignment]

    def __len__(self) -> int:
        return len(self.kept)

    def add(self, print_: ReportPrint) -> int:
        self.kept[len(self.kept)] = print_.compact()
        return len(self.kept) - 1

    def close(self) -> None:
        pass


def _json(results) -> str:
    return json.dumps(
        [[r.path, [f.to_dict() for f in r.findings]] for r in results],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )


def _batch(tmp_path: Path) -> list[Path]:
    """Real reports, a planted copy of the seed, twelve more copies of it (many candidates, more
    than RECENT prints read back), and year-over-year pairs in both orders."""
    copies = []
    for i in range(12):
        (tmp_path / f"c{i}").mkdir()
        copies.append(copied_from_seed(tmp_path / f"c{i}", body=f"铁岭县第{i}街道"))
    hongze, seed_2020 = year_pairs(tmp_path)
    return [
        hongze,
        *DISTINCT[:-1],
        CORPUS / "r013.html",
        *copies[:6],
        HONGZE_2023,
        *copies[6:],
        seed_2020,
    ]


def test_a_run_with_the_store_finds_what_a_run_in_memory_finds(env, tmp_path, monkeypatch):
    paths = _batch(tmp_path)
    stored, _ = run(env, paths)
    with monkeypatch.context() as patch:
        patch.setattr(neardup, "PrintStore", _MemoryStore)
        patch.setattr(yoy, "PrintStore", _MemoryStore)
        in_memory, _ = run(env, paths)
    assert _json(stored) == _json(in_memory)
    codes = [f.code for r in stored for f in r.findings]
    assert codes.count("DL410") >= 13  # every copy and the seed
    assert codes.count("DL430") >= 2  # H1 of the doctored Hongze 2024 against 2023
    assert "DL420" in codes  # the 2020 seed's text copied from 2019


class _Watched(PrintStore):
    made: ClassVar[list[PrintStore]] = []

    def __init__(self, sets=None) -> None:
        super().__init__(sets)
        _Watched.made.append(self)


class _Failing(Recorder):
    """A reporter that fails after the batch checks have finished, as a full disk would."""

    def file_done(self, result) -> None:
        super().file_done(result)
        if len(self.results) == 3:
            raise OSError("no space left on device")


@pytest.mark.parametrize("fail", [None, "while collecting", "while reporting"])
def test_the_print_files_are_gone_when_a_run_ends(env, tmp_path, monkeypatch, fail):
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(store.tempfile, "tempdir", str(spool))
    monkeypatch.setattr(_Watched, "made", [])
    monkeypatch.setattr(neardup, "PrintStore", _Watched)
    monkeypatch.setattr(yoy, "PrintStore", _Watched)
    held: list[store.HeldFindings] = []

    class WatchedFindings(store.HeldFindings):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            held.append(self)

    monkeypatch.setattr(neardup, "HeldFindings", WatchedFindings)
    monkeypatch.setattr(yoy, "HeldFindings", WatchedFindings)
    seen: list[list[str]] = []

    if fail == "while collecting":  # the phase fails before the checks finish
        real_stub_of = phase.stub_of
        calls = []

        def stub_of(*args, **kwargs):
            calls.append(1)
            if len(calls) == 8:
                raise OSError("no space left on device")
            return real_stub_of(*args, **kwargs)

        monkeypatch.setattr(phase, "stub_of", stub_of)

    class Looking(_Failing if fail == "while reporting" else Recorder):  # type: ignore[misc]
        def file_done(self, result) -> None:
            seen.append(sorted(p.name for p in spool.iterdir()))
            super().file_done(result)

    sources = [InputSource.from_path(p) for p in _batch(tmp_path)]
    engine = Engine(env.rules, env.kinds, env.formats, Selection(select=["DL4"]))
    runner = Runner(env, engine, batch_options=BatchOptions())
    reporter: Reporter = Looking()
    if fail:
        with pytest.raises(OSError, match="no space"):
            runner.run_batch(sources, [reporter], "never")
    else:
        runner.run_batch(sources, [reporter], "never")
        assert len(reporter.results) == len(sources)  # type: ignore[attr-defined]
    stores = _Watched.made
    assert len(stores) == 2  # near-duplicates and year over year
    assert all(s._file is not None for s in stores)  # both wrote prints
    assert all(s.closed and s._file is not None and s._file.closed for s in stores)
    assert len(held) == 2 and any(h._file is not None for h in held)
    if fail != "while collecting":  # year over year holds its findings from its finish on
        assert all(h._file is not None for h in held)
    assert all(h._file is None or h._file.closed for h in held)
    assert fail == "while collecting" or seen
    assert all(names == [] for names in seen)  # the files never had a name
    assert list(spool.iterdir()) == []


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a.txt", "b.html", "c.md"]),
            st.sampled_from(["DL410", "DL411"]),
            st.sampled_from([None, "overview", "problems"]),
            st.integers(0, 10_000),
        ),
        max_size=40,
    )
)
def test_held_findings_fold_as_the_whole_list_folds(made) -> None:
    """Findings held on disk, only the best few per group kept, fold to what the whole list
    folds to (messages, data and related places included)."""
    from disclosure_lint.core.findings import Finding, Related, Severity
    from disclosure_lint.core.model import Location

    def finding(code: str, section: str | None, similarity: int, n: int) -> Finding:
        other = f"o{n}.txt"
        return Finding(
            code=code,
            name="雷同",
            severity=Severity.WARNING,
            location=Location(section=section, source=SourceLocation("x", line=n + 1)),
            messages={"zh": f"与{other}雷同", "en": f"like {other}"},
            data={
                "similarity": round(similarity / 10_000, 4),
                "other": {"path": other, "body": f"单位{n}", "year": 2020 + n % 3},
            },
            related=(
                Related(Location(source=SourceLocation(other, line=n)), {"zh": "同", "en": "same"}),
            ),
        )

    def made_findings():
        return [(path, finding(c, s, sim, n)) for n, (path, c, s, sim) in enumerate(made)]

    by_path: dict[str, list] = {}
    for path, f in made_findings():
        by_path.setdefault(path, []).append(f)
    expected = {
        path: [f.to_dict() for f in neardup.fold_pairs(found)] for path, found in by_path.items()
    }
    held = store.HeldFindings(neardup._group, neardup._rank, keep=1 + neardup.KEPT)
    for path, f in made_findings():
        held.add(path, f)
    lazy = store.LazyFindings(held, lambda groups: [neardup._fold(*g) for g in groups])
    assert sorted(lazy) == sorted(expected)
    got = {path: [f.to_dict() for f in lazy.pop(path)] for path in list(lazy)}
    assert got == expected
    assert lazy.pop("a.txt") is None and not list(lazy)  # each file's findings are read once
    held.close()

"""Batch checks on real reports: near-duplicates across bodies, year over year (H1–H3), and the
runner's promise that every input is reported exactly once."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from disclosure_lint.core.batch import BatchOptions, ReportStub
from disclosure_lint.core.codec import report_to_data
from disclosure_lint.core.engine import Engine, Selection
from disclosure_lint.core.inputs import InputSource
from disclosure_lint.core.reporting import Reporter, ReporterOptions
from disclosure_lint.core.runner import Runner

from .conftest import CORPUS, FIXTURES, SEED

HONGZE_2023 = FIXTURES / "data" / "hongze-2023.yaml"
HONGZE_2024 = FIXTURES / "data" / "hongze-2024.yaml"
DISTINCT = [
    SEED,
    CORPUS / "r003.md",
    CORPUS / "r004.txt",
    CORPUS / "r006.txt",
    CORPUS / "r012.txt",
    HONGZE_2024,
]


class Recorder(Reporter):
    name = "recorder"

    def __init__(self) -> None:
        super().__init__(None, ReporterOptions())  # type: ignore[arg-type]
        self.results = []

    def file_done(self, result) -> None:
        self.results.append(result)


def run(env, paths, select=("DL4",), options=None):
    engine = Engine(env.rules, env.kinds, env.formats, Selection(select=list(select)))
    runner = Runner(env, engine, batch_options=BatchOptions(**(options or {})))
    recorder = Recorder()
    summary = runner.run_batch([InputSource.from_path(Path(p)) for p in paths], [recorder], "never")
    return recorder.results, summary


def findings(results, code):
    return [(r.path, f) for r in results for f in r.findings if f.code == code]


def copied_from_seed(tmp_path: Path, body: str = "铁岭县红旗街道", year: str = "2020") -> Path:
    """The seed report as another body would copy it: name and year replaced, nothing else."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("银州区工人街道", body).replace("工人街道", body[3:]).replace("2019", year)
    path = tmp_path / "copied.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_distinct_real_reports_make_no_pair(env) -> None:
    results, _ = run(env, DISTINCT)
    assert not findings(results, "DL410")
    assert not findings(results, "DL411")


def test_a_copy_with_name_and_year_changed_is_reported_in_both_files(env, tmp_path) -> None:
    copy = copied_from_seed(tmp_path)
    results, _ = run(env, [*DISTINCT, copy])
    pairs = findings(results, "DL410")
    assert sorted(path for path, _ in pairs) == sorted([str(SEED), str(copy)])
    for path, finding in pairs:
        other = finding.data["other"]
        assert other["path"] == (str(copy) if path == str(SEED) else str(SEED))
        assert finding.data["similarity"] > 0.9
        assert finding.location.section == "overview"
        assert finding.location.source.line == 6 and other["line"] == 6
        assert "在区政府的正确领导下" in finding.data["passage"]
        # the other report is a related location: its file, section and line
        [related] = finding.related
        assert related.location.source.file == other["path"]
        assert related.location.source.line == 6 and related.location.section == "overview"
    [(_, seed_finding)] = [p for p in pairs if p[0] == str(SEED)]
    assert "铁岭县红旗街道" in seed_finding.related[0].message("zh")
    assert "铁岭县红旗街道" in seed_finding.message("zh")
    # the pair is reported once, at report level: not again section by section
    assert not findings(results, "DL411")


def test_a_copied_section_is_reported_per_section(env, tmp_path, load) -> None:
    # 沭阳 2025 with the seed's section 五 pasted in: the reports differ, section 五 does not
    seed_five = load(SEED).section("problems").text
    text = (CORPUS / "r004.txt").read_text(encoding="utf-8")
    start = text.index("2025 年，我县县政府信息公开工作在服务群众")
    end = (
        text.index("## 六、其他需要报告的事项")
        if "## 六、" in text
        else text.index("六、其他需要报告")
    )
    pasted = tmp_path / "r004-with-seed-five.txt"
    pasted.write_text(text[:start] + seed_five + "\n" + text[end:], encoding="utf-8")
    results, _ = run(env, [SEED, pasted])
    assert not findings(results, "DL410")
    pairs = findings(results, "DL411")
    assert len(pairs) == 2
    assert {f.location.section for _, f in pairs} == {"problems"}


def test_every_input_is_reported_exactly_once_in_order(env, tmp_path) -> None:
    copy = copied_from_seed(tmp_path)
    missing = tmp_path / "missing.txt"
    paths = [SEED, missing, CORPUS / "r012.txt", copy, HONGZE_2023, HONGZE_2024]
    results, summary = run(env, paths, select=("DL",))
    assert [r.path for r in results] == [str(p) for p in paths]
    assert summary.files == len(paths)
    # held results keep a stand-in, not the parsed report
    for result in results:
        if result.report is not None:
            assert isinstance(result.report, ReportStub)
            assert result.report.sections == [] and result.report.tables == {}
    assert results[0].report.metadata.body == "银州区工人街道"


def test_without_batch_rules_results_stream_with_their_reports(env) -> None:
    engine = Engine(env.rules, env.kinds, env.formats, Selection(select=["DL001"]))
    runner = Runner(env, engine)
    assert runner.batch_phase() is None
    results, _ = run(env, [SEED], select=("DL001",))
    assert results[0].report.sections  # the full report, as before


# --- year over year ---------------------------------------------------------------------------


def test_real_consecutive_reports_of_hongze_hold_h1_and_h2(env) -> None:
    results, _ = run(env, [HONGZE_2024, HONGZE_2023])
    for code in ("DL430", "DL431", "DL420"):
        assert not findings(results, code), code


def _doctored(tmp_path: Path, source: Path, edit, name: str) -> Path:
    text = source.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(True) if line.startswith("#"))
    data = yaml.safe_load(text)
    edit(data)
    path = tmp_path / name
    path.write_text(
        header + "# doctored by tests/test_batch.py\n" + yaml.safe_dump(data, allow_unicode=True),
        encoding="utf-8",
    )
    return path


def test_h1_carry_over_mismatch_on_the_hongze_pair(env, tmp_path) -> None:
    def edit(data):
        data["tables"]["table3"]["carried_over"]["natural"] = 2
        data["tables"]["table3"]["carried_over"]["total"] = 2

    doctored = _doctored(tmp_path, HONGZE_2024, edit, "hongze-2024-doctored.yaml")
    results, _ = run(env, [HONGZE_2023, doctored])
    pairs = findings(results, "DL430")
    assert [p for p, _ in pairs] == [str(doctored)] * 2
    assert {f.location.column for _, f in pairs} == {"natural", "total"}
    finding = pairs[0][1]
    assert finding.data["value"] == 2 and finding.data["expected"] == 0
    assert finding.data["previous"]["path"] == str(HONGZE_2023)
    assert "hongze-2023.yaml" in finding.message("zh")
    # last year's 结转下年度 cell is the related location
    [related] = finding.related
    assert related.location.source.file == str(HONGZE_2023)
    assert related.location.row == "carry_forward"
    assert related.location.column == finding.location.column
    assert "2023" in related.message("zh") and "0" in related.message("zh")


def test_h2_stock_flow_on_the_hongze_pair(env, tmp_path) -> None:
    def edit(data):
        data["tables"]["table2"]["normative_documents"]["in_force"] = 9

    doctored = _doctored(tmp_path, HONGZE_2024, edit, "hongze-2024-in-force.yaml")
    results, _ = run(env, [doctored, HONGZE_2023])
    [(path, finding)] = findings(results, "DL431")
    assert path == str(doctored)
    assert finding.data["expected"] == 8  # 5 in force in 2023 + 3 issued − 0 repealed


def test_h3_project_count_on_a_pair_built_from_the_seed(env, tmp_path, load) -> None:
    # No consecutive 2019-format pair of one body is in the corpus: the seed (2019) is paired
    # with its own data as a 2020 report whose 上一年项目数量 of 行政许可 was changed to 3.
    data = report_to_data(load(SEED))
    data["year"] = 2020
    data["tables"]["table2"]["licensing"]["previous"] = 3
    later = tmp_path / "seed-as-2020.yaml"
    later.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    results, _ = run(env, [SEED, later])
    [(path, finding)] = findings(results, "DL432")
    assert path == str(later)
    assert finding.data["expected"] == 0 and finding.data["value"] == 3
    # the text is the same: the whole report and each section are reported as copied
    [(_, similar)] = findings(results, "DL420")
    assert similar.data["similarity"] == 1.0


def test_text_similar_to_last_year_names_the_lines_in_both(env, tmp_path) -> None:
    later = tmp_path / "seed-2020.txt"
    later.write_text(SEED.read_text(encoding="utf-8").replace("2019", "2020"), encoding="utf-8")
    results, _ = run(env, [later, SEED])
    sections = findings(results, "DL421")
    assert {f.location.section for _, f in sections} == {"overview", "problems"}
    [five] = [f for _, f in sections if f.location.section == "problems"]
    assert five.location.source.line == 405 and five.data["previous"]["line"] == 405
    assert five.data["passage"].startswith("从总体来看")


def test_previous_reports_given_as_options(env, tmp_path, load) -> None:
    def edit(data):
        data["tables"]["table3"]["carried_over"]["total"] = 4

    doctored = _doctored(tmp_path, HONGZE_2024, edit, "hongze-2024-prev.yaml")
    results, _ = run(env, [doctored], options={"previous": [load(HONGZE_2023)]})
    [(_, finding)] = findings(results, "DL430")
    assert finding.data["previous"]["from"] == "previous"


def test_many_copies_of_one_report_stay_linear(env, tmp_path) -> None:
    """Twenty bodies publishing the same text: each copy is compared with its closest earlier
    copies (at most three), not with all the others — the work grows with the batch, not its
    square — and each report gets one finding, however many copies it has."""
    copies = [
        copied_from_seed(tmp_path / f"c{i}", body=f"铁岭县第{i}街道")
        for i in range(20)
        if (tmp_path / f"c{i}").mkdir() is None
    ]
    results, _ = run(env, copies)
    pairs = findings(results, "DL410")
    # one finding per copy (one cause, one finding): its closest match, the others named on it
    assert sorted(path for path, _ in pairs) == sorted(str(c) for c in copies)
    for index, copy in enumerate(copies):
        ((_, finding),) = [(p, f) for p, f in pairs if p == str(copy)]
        named = [finding.data["other"], *finding.data.get("also", [])]
        positions = [copies.index(Path(other["path"])) for other in named]
        if index:
            assert min(positions) < index  # every copy is tied to an earlier one
        assert len(finding.related) <= 3 and len(named) <= 4
        assert finding.data.get("matches", 1) == len(named) or len(named) == 4
    first = next(f for p, f in pairs if p == str(copies[0]))
    assert first.data["matches"] >= 3 and "另有" in first.message()  # the most copied one


def test_the_same_file_twice_and_two_reports_of_one_body_and_year(env, tmp_path) -> None:
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    shutil.copy(CORPUS / "r013.html", first)
    shutil.copy(CORPUS / "r013.html", second)
    draft = tmp_path / "draft.txt"  # r004 revised: same body and year, other bytes
    draft.write_text(
        (CORPUS / "r004.txt")
        .read_text(encoding="utf-8")
        .replace("予以公开 | 290", "予以公开 | 291"),
        encoding="utf-8",
    )
    paths = [first, CORPUS / "r004.txt", second, draft, SEED]
    results, _ = run(env, paths, select=("DL412", "DL413"))
    identical = findings(results, "DL412")
    assert [(Path(p).name, f.data["others"]) for p, f in identical] == [
        ("a.html", [str(second)]),
        ("b.html", [str(first)]),
    ]
    for path, finding in identical:
        (related,) = finding.related
        assert related.location.source.file != path  # points at the other copy
    same = findings(results, "DL413")
    assert sorted((Path(p).name, f.data["others"]) for p, f in same) == [
        ("draft.txt", [str(CORPUS / "r004.txt")]),
        ("r004.txt", [str(draft)]),
    ]
    assert "2025" in same[0][1].message() and "沐阳县人民政府" in same[0][1].message()
    assert not findings(results, "DL410")  # not selected; and never for one body

"""Content findings point at the paragraph they quote, in the terms of the file: page and box in
a PDF, ¶ in a DOCX, line in text and HTML — not at the heading of the section."""

from __future__ import annotations

from pathlib import Path

import docx

from disclosure_lint.batch.prints import view_report
from disclosure_lint.domain.prose import where_words

from .conftest import CORPUS, FIXTURES
from .test_batch_checks import findings, run

R013_DOCX = FIXTURES / "converted" / "r013.docx"


def _one(findings, code):
    [finding] = [f for f in findings if f.code == code]
    return finding


def test_pdf_findings_point_at_the_paragraph_page_and_box(load, check) -> None:
    # 淮安市 2024 (d03): 五 starts at the foot of page 5; its improvement measures are on page 6
    report = load(CORPUS / "d03_huaian_2024.pdf")
    problems = report.section("problems")
    assert problems is not None and problems.location.page == 5
    measures = _one(check(report), "DL403")
    assert measures.location.source.page == 6
    assert measures.location.source.bbox is not None
    # the section-level finding stays on the heading
    assert _one(check(report), "DL402").location.source == problems.location


def test_pdf_stock_phrases_point_below_the_heading(load, check) -> None:
    report = load(CORPUS / "d01_hongze_2023.pdf")
    heading = report.section("problems").location
    source = _one(check(report), "DL401").location.source
    assert source.page == heading.page == 4
    assert source.bbox[1] > heading.bbox[3]  # the paragraph starts below the heading


def test_docx_claim_points_at_its_paragraph(load, check, tmp_path: Path) -> None:
    # r013.docx with the 新收申请 of its narrative changed from 26 to 62 (表三 says 26)
    document = docx.Document(str(R013_DOCX))
    [paragraph] = [p for p in document.paragraphs if "共收到依申请信息公开" in p.text]
    [piece] = [r for r in paragraph.runs if r.text == "26"]
    piece.text = "62"
    changed = tmp_path / "r013-62.docx"
    document.save(str(changed))
    original = [f for f in check(load(R013_DOCX)) if f.code.startswith("DL3")]
    findings = [f for f in check(load(changed)) if f.code.startswith("DL3")]
    [claim] = [f for f in findings if f not in original and "62" in f.message("zh")]
    overview = load(changed).section("overview")
    assert claim.location.section == "overview"
    assert claim.location.source.paragraph == 7  # the 7th paragraph of the document
    assert claim.location.source.paragraph != overview.location.paragraph


def test_text_findings_keep_their_line(load, check) -> None:
    # the seed: section 五 starts on line 404, the measures are on line 406
    finding = _one(check(load(CORPUS / "yinzhou-gongren-2019.txt")), "DL403")
    assert finding.location.source.line == 406


def test_where_words_name_line_page_or_paragraph(load) -> None:
    pdf = load(CORPUS / "d01_hongze_2023.pdf").section("problems").location
    assert where_words(pdf) == ("第4页", " page 4")
    assert where_words(load(R013_DOCX).section("problems").location) == ("第63段", " paragraph 63")
    text = load(CORPUS / "yinzhou-gongren-2019.txt").section("problems").location
    assert where_words(text) == ("第404行", " line 404")
    assert where_words(None) == ("", "")


def test_copied_docx_pair_points_at_paragraphs(env, tmp_path: Path) -> None:
    """r013.docx and a copy under another body's name: the near-duplicate finding names the
    paragraph (¶) in both files, in its location, its message and its related location."""
    document = docx.Document(str(R013_DOCX))
    for paragraph in document.paragraphs:
        for piece in paragraph.runs:
            piece.text = piece.text.replace("沭阳县发展和改革局", "泗阳县财政局")
    copy = tmp_path / "siyang-caizheng-2023.docx"
    document.save(str(copy))
    results, _ = run(env, [R013_DOCX, copy])
    [(_, original)] = [p for p in findings(results, "DL410") if p[0] == str(R013_DOCX)]
    [(_, copied)] = [p for p in findings(results, "DL410") if p[0] == str(copy)]
    assert original.location.source.paragraph == copied.location.source.paragraph == 3
    assert original.location.source.line is None
    assert "第3段" in original.message("zh") and "paragraph 3" in original.message("en")
    [related] = original.related
    assert related.location.source.file == str(copy)
    assert related.location.source.paragraph == 3


def test_report_prints_know_pages(load) -> None:
    report = load(CORPUS / "d03_huaian_2024.pdf")
    view = view_report(report, "d03.pdf")
    [problems] = [s for s in view.sections if s.key == "problems"]
    assert problems.page == 5  # the heading
    assert problems.source_at("d03.pdf", 0).page == 5
    assert problems.source_at("d03.pdf", len(problems.hashes) - 1).page == 6
    # the compact print, held for the batch checks, keeps them
    assert problems.compact().source_at("d03.pdf", len(problems.hashes) - 1).page == 6

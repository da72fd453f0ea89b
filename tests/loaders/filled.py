"""The WPS 2021 template filled with seeded numbers: DOCX reports in the layout Word users make."""

from __future__ import annotations

import random
from pathlib import Path

import docx

TEMPLATE = Path(__file__).resolve().parents[1] / "fixtures" / "template" / "template-2021-wps.docx"
TITLE = "平潭综合实验区2025年度政府信息公开工作年度报告"

#: 表二: template row -> (format row, its columns)
TABLE2 = {
    2: ("regulations", ("issued", "repealed", "in_force")),
    3: ("normative_documents", ("issued", "repealed", "in_force")),
    6: ("licensing", ("decisions",)),
    9: ("penalties", ("decisions",)),
    10: ("enforcement", ("decisions",)),
    13: ("fees", ("fee_amount",)),
}
#: 表三: the format rows from the template's fourth row on, and the columns of its number cells
TABLE3_ROWS = [
    "new",
    "carried_over",
    "result.granted",
    "result.partial",
    "result.withheld.state_secret",
    "result.withheld.prohibited",
    "result.withheld.security",
    "result.withheld.third_party",
    "result.withheld.internal",
    "result.withheld.deliberative",
    "result.withheld.enforcement_file",
    "result.withheld.inquiry",
    "result.unavailable.not_held",
    "result.unavailable.needs_creation",
    "result.unavailable.unclear",
    "result.not_processed.petition",
    "result.not_processed.repeated",
    "result.not_processed.publication",
    "result.not_processed.vexatious",
    "result.not_processed.confirmation",
    "result.other_handling.no_correction",
    "result.other_handling.unpaid_fee",
    "result.other_handling.other",
    "result.total",
    "carry_forward",
]
TABLE3_COLUMNS = (
    "natural",
    "org.business",
    "org.research",
    "org.nonprofit",
    "org.legal",
    "org.other",
    "total",
)
TABLE4_COLUMNS = tuple(
    f"{group}.{leaf}"
    for group in ("review", "litigation.direct", "litigation.after_review")
    for leaf in ("upheld", "corrected", "other", "pending", "total")
)

CellKey = tuple[str, str, str]


def _number(rnd: random.Random) -> str:
    """Zero as often as in real reports, else up to seven digits."""
    pick = rnd.randrange(5)
    return str((0, 0, rnd.randint(0, 99), rnd.randint(0, 99999), rnd.randint(10**5, 10**7))[pick])


def _put(cell, text: str) -> None:
    paragraph = cell.paragraphs[0]
    if paragraph.runs:
        paragraph.runs[0].text = text
        for run in paragraph.runs[1:]:
            run.text = ""
    else:
        paragraph.add_run(text)


def fill_template(target: Path, seed: int) -> dict[CellKey, str]:
    """Write the template filled with numbers drawn from ``seed`` to ``target``; the numbers."""
    rnd = random.Random(seed)
    document = docx.Document(str(TEMPLATE))
    table2, table3, table4 = document.tables
    values: dict[CellKey, str] = {}
    for index, (row, columns) in TABLE2.items():
        cells: list = []
        for cell in table2.rows[index].cells:  # merged cells repeat: each once
            if all(cell._tc is not seen._tc for seen in cells):
                cells.append(cell)
        for cell, column in zip(cells[1:], columns, strict=True):
            values[("table2", row, column)] = text = _number(rnd)
            _put(cell, text)
    for index, row in enumerate(TABLE3_ROWS):
        cells = table3.rows[3 + index].cells[3:10]
        for cell, column in zip(cells, TABLE3_COLUMNS, strict=True):
            values[("table3", row, column)] = text = _number(rnd)
            _put(cell, text)
    for cell, column in zip(table4.rows[3].cells, TABLE4_COLUMNS, strict=True):
        values[("table4", "cases", column)] = text = _number(rnd)
        _put(cell, text)
    title = next(p for p in document.paragraphs if p.text.strip())
    title.runs[0].text = TITLE
    for run in title.runs[1:]:
        run.text = ""
    document.save(str(target))
    return values

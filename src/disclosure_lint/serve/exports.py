"""What the review produces: the dismissed findings as a suppressions file (the documented
format, docs/suppressions-and-baseline.md) and the confirmed findings per body (XLSX, CSV)."""

from __future__ import annotations

import csv
import datetime as dt
import glob
import io
import re
from collections import Counter
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .. import __version__
from .batch import FindingEntry, ReviewBatch
from .ids import semantic_key
from .store import Decision
from .words import word

SUPPRESSIONS_SCHEMA = "disclosure-lint/suppressions/1"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def suppression_entry(item: FindingEntry, decision: Decision) -> dict[str, Any]:
    """One suppression accepting a dismissed finding: its rule, its report (a glob matching
    exactly that file, relative to the batch root) and its semantic location."""
    loc = item.location
    entry: dict[str, Any] = {"code": item.code, "files": glob.escape(item.file)}
    if loc.table:
        entry["table"] = loc.table
        if loc.row:
            entry["row"] = loc.row
        if loc.column:
            entry["column"] = loc.column
    elif loc.section:
        entry["section"] = loc.section
    entry["reason"] = decision.reason
    entry["approved-by"] = decision.reviewer
    return entry


def dismissed(batch: ReviewBatch, decisions: dict[str, Decision]) -> list[FindingEntry]:
    return [
        item
        for entry in batch.files
        for item in entry.findings
        if (d := decisions.get(item.id)) is not None
        and d.status == "dismissed"
        and not item.finding.suppressed
    ]


def suppressions_yaml(batch: ReviewBatch, decisions: dict[str, Decision]) -> str:
    """The suppressions file of the dismissed findings still reported in this batch.

    A suppression names a place, not an occurrence: when a file has several findings of one
    rule at one place and only some are dismissed, the comment above the entry says so."""
    items = dismissed(batch, decisions)
    places = Counter(
        (i.file, *semantic_key(i.finding)) for entry in batch.files for i in entry.findings
    )
    entries = []
    comments: dict[int, str] = {}
    seen: set[tuple[str, ...]] = set()
    for item in items:
        place = (item.file, *semantic_key(item.finding))
        if place in seen:
            continue
        seen.add(place)
        undecided = [
            i
            for i in batch.by_key[item.file_key].findings
            if (i.file, *semantic_key(i.finding)) == place
            and (decisions.get(i.id) is None or decisions[i.id].status != "dismissed")
        ]
        if places[place] > 1 and undecided:
            comments[len(entries)] = (
                f"note: also covers {len(undecided)} finding(s) of {item.code} at this place "
                "that were not dismissed"
            )
        entries.append(suppression_entry(item, decisions[item.id]))
    document = {"schema": SUPPRESSIONS_SCHEMA, "suppressions": entries}
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)
    lines = text.split("\n")
    out = [
        f"# Dismissed findings exported by disclosure-lint {__version__} serve, "
        f"{dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}.",
        f"# Batch folder: {_one_line(str(batch.root))}",
        "# `files` are relative to the folder this file is in: save it in the batch folder,",
        "# as .disclosure-lint-suppressions.yaml or under a name listed in `suppressions:`.",
    ]
    index = -1
    for line in lines:
        if line.startswith("- "):
            index += 1
            if index in comments:
                out.append("# " + comments[index])
        out.append(line)
    return "\n".join(out)


def _one_line(text: str) -> str:
    return re.sub(r"[\r\n]+", " ", text)


def confirmed(
    batch: ReviewBatch, decisions: dict[str, Decision], body: str | None = None
) -> list[tuple[FindingEntry, Decision]]:
    out = []
    for entry in batch.files:
        if body is not None and (entry.body or "") != body:
            continue
        for item in entry.findings:
            decision = decisions.get(item.id)
            if decision is not None and decision.status == "confirmed":
                out.append((item, decision))
    return out


HEADERS = (
    "body",
    "file",
    "title",
    "year",
    "code",
    "rule",
    "severity",
    "location",
    "where",
    "message",
    "reason",
    "reviewer",
    "decided",
    "id",
)


def _row(batch: ReviewBatch, item: FindingEntry, decision: Decision, lang: str) -> list[Any]:
    entry = batch.by_key[item.file_key]
    src = item.location.source
    return [
        entry.body or word(lang, "unknown_body"),
        entry.rel,
        entry.title or "",
        entry.year if entry.year is not None else "",
        item.code,
        batch.rule_title(item.code, lang),
        word(lang, item.severity),
        item.location.path(),
        src.short() if src is not None else "",
        item.finding.message(lang),
        decision.reason,
        decision.reviewer,
        decision.decided,
        item.id,
    ]


ZH_HEADERS = (
    "机关",
    "文件",
    "标题",
    "年度",
    "代码",
    "规则",
    "严重程度",
    "位置",
    "原文位置",
    "说明",
    "审核意见",
    "审核人",
    "审核时间",
    "编号",
)


def _header_words(lang: str) -> list[str]:
    return list(HEADERS if lang == "en" else ZH_HEADERS)


def spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def confirmed_csv(
    batch: ReviewBatch, decisions: dict[str, Decision], lang: str, body: str | None = None
) -> str:
    """Confirmed findings, one row each (all bodies, or one), UTF-8 with a BOM for Excel."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(_header_words(lang))
    for item, decision in confirmed(batch, decisions, body):
        writer.writerow([spreadsheet_safe(v) for v in _row(batch, item, decision, lang)])
    return buffer.getvalue()


def _sheet_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", "_", name).strip("'") or "_"
    base = base[:31]
    candidate, number = base, 2
    while candidate.lower() in taken:
        suffix = f"~{number}"
        candidate = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(candidate.lower())
    return candidate


def _put(ws: Any, row: int, column: int, value: Any) -> None:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
        cell.data_type = "s"  # text stays text: never a formula
    else:
        cell.value = value


def confirmed_xlsx(batch: ReviewBatch, decisions: dict[str, Decision], lang: str) -> bytes:
    """A workbook with a summary sheet and one sheet per body listing its confirmed findings."""
    by_body: dict[str, list[tuple[FindingEntry, Decision]]] = {}
    for item, decision in confirmed(batch, decisions):
        body = batch.by_key[item.file_key].body or word(lang, "unknown_body")
        by_body.setdefault(body, []).append((item, decision))
    workbook = Workbook()
    summary = workbook.active
    summary.title = "汇总" if lang != "en" else "Summary"
    taken = {summary.title.lower()}
    heads = ["机关", "已确认问题数", "工作表"] if lang != "en" else ["body", "confirmed", "sheet"]
    for column, text in enumerate(heads, 1):
        _put(summary, 1, column, text)
    headers = _header_words(lang)
    for number, (body, rows) in enumerate(sorted(by_body.items()), 2):
        sheet = workbook.create_sheet(_sheet_name(body, taken))
        _put(summary, number, 1, body)
        _put(summary, number, 2, len(rows))
        _put(summary, number, 3, sheet.title)
        for column, text in enumerate(headers, 1):
            _put(sheet, 1, column, text)
        for r, (item, decision) in enumerate(rows, 2):
            for column, value in enumerate(_row(batch, item, decision, lang), 1):
                _put(sheet, r, column, value)
        sheet.freeze_panes = "A2"
    summary.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

"""Rule kind ``title``: the report title names the report as 条例 does.

条例第四十九条、第五十条 call the report 政府信息公开工作年度报告; real titles are
``{机关}{YYYY}年政府信息公开工作年度报告`` or ``{YYYY}年{机关}政府信息公开工作年度报告``
(domain-spec §7.1). Each rule reports the deviations it lists:

- ``work-report``: 工作报告 written for 年度报告 (莆田 2010 通报: "将题目“年度报告”写成“工作报告”");
- ``zhengwu``: 政务信息公开 / 政务公开 for 政府信息公开;
- ``missing-gongkai``: 政府信息 without 公开 (政府信息工作年度报告);
- ``missing-zhengfu``: 信息公开 without 政府 before it (…信息公开工作年度报告);
- ``missing-gongzuo``: 信息公开 directly followed by 年度报告 or 年报 (no 工作);
- ``missing-year``: no report year in the title;
- ``missing-title``: no title found at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar

from ..core.findings import Finding
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report, SourceLocation
from ..core.rules import Rule, Text
from ..domain.prose import title_line

DEVIATIONS: dict[str, Text] = {
    "work-report": Text("把“年度报告”写成“工作报告”", "'工作报告' written for '年度报告'"),
    "zhengwu": Text("写成“政务（信息）公开”", "'政务(信息)公开' for '政府信息公开'"),
    "missing-gongkai": Text("“政府信息”后缺“公开”", "'公开' missing after '政府信息'"),
    "missing-zhengfu": Text("“信息公开”前缺“政府”", "'政府' missing before '信息公开'"),
    "missing-gongzuo": Text("“信息公开”后缺“工作”", "'工作' missing after '信息公开'"),
    "missing-year": Text("标题中没有报告年度", "no report year in the title"),
    "missing-title": Text("未找到报告标题", "no title found"),
}

_YEAR = re.compile(r"(?:19|20)\d{2}\s*年|[〇零一二三四五六七八九]{4}\s*年")


def title_deviations(title: str) -> list[str]:
    """The deviations of a title from the statutory name, in the order of :data:`DEVIATIONS`."""
    text = re.sub(r"[\s《》“”\"]+", "", title)
    found: list[str] = []
    if "工作报告" in text and "工作年度报告" not in text:
        found.append("work-report")
    if "政务信息" in text or "政务公开" in text:
        found.append("zhengwu")
    if "政府信息" in text and "政府信息公开" not in text:
        found.append("missing-gongkai")
    if "信息公开" in text and not re.search(r"(?:政府|政务)信息公开", text):
        found.append("missing-zhengfu")
    if re.search(r"信息公开(?:年度报告|年报)", text):
        found.append("missing-gongzuo")
    if not _YEAR.search(text):
        found.append("missing-year")
    return found


class TitleKind(RuleKind):
    name: ClassVar[str] = "title"
    description: ClassVar[str] = (
        "The title against the statutory name 政府信息公开工作年度报告: 工作报告, 政务信息, "
        "missing 公开 or 工作, missing year, missing title."
    )
    needs_format: ClassVar[bool] = False
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["deviations"],
        "properties": {
            "deviations": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"enum": list(DEVIATIONS)},
                "description": "deviations this rule reports: "
                + ", ".join(f"`{d}`" for d in DEVIATIONS),
            }
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset({"title", "deviation", "expected"})

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        wanted = rule.params["deviations"]
        title = report.metadata.title
        line = title_line(report)
        location = Location(
            section="title",
            section_label=Text("标题", "title").zh,
            source=SourceLocation(report.source, line=line),
        )
        expected = _expected(report)
        if not title:
            if "missing-title" in wanted:
                yield ctx.finding(
                    rule,
                    location,
                    {"title": "", "deviation": DEVIATIONS["missing-title"], "expected": expected},
                )
            return
        found = [d for d in title_deviations(title) if d in wanted]
        if not found:
            return
        yield ctx.finding(
            rule,
            location,
            {
                "title": title,
                "deviation": Text(
                    "；".join(DEVIATIONS[d].zh for d in found),
                    "; ".join(DEVIATIONS[d].en for d in found),
                ),
                "expected": expected,
            },
            data={"deviations": found},
        )


def _expected(report: Report) -> str:
    body = report.metadata.body or "{机关}"
    year = report.metadata.year or "{YYYY}"
    return f"{body}{year}年政府信息公开工作年度报告"

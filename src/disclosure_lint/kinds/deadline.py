"""Rule kind ``deadline``: the report was published in time (条例第四十九条).

Deadlines, in the year after the report year: 部门 1月31日, 本级人民政府 3月31日 (条例第四十九条);
乡镇/街道 only from configuration (``settings["deadlines"]``), which also overrides the others.
Report years up to 2018 fall under the 2007 条例第三十一条: 3月31日 for every body.

The publication date is ``settings["published"]``, else the date the page or file gives
(``metadata.published``). Without one, nothing is guessed: ``check: late`` says nothing, and
``check: dated-late`` only uses the date printed on the report itself (under its title or its
signature) — a report dated after the deadline cannot have been published in time.
``check: early``: a publication date before the report year has ended (usually a wrong year).
A body type presumed from the name reports with ``uncertain_severity``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from ..core.findings import Finding, Severity
from ..core.kinds import CheckContext, RuleKind
from ..core.model import Location, Report, SourceLocation
from ..core.rules import Rule, Text
from ..domain.bodies import (
    PRE_2019_DEADLINE,
    STATUTORY_DEADLINES,
    BodyClass,
    BodyType,
    body_class,
    deadline_settings,
    published_setting,
)
from ..domain.dates import document_dates, parse_date


def deadline_for(
    year: int, body: BodyClass, settings: Mapping[str, Any]
) -> tuple[dt.date, Text] | None:
    """The deadline for a report of ``year`` by ``body`` and what it rests on; None if none."""
    configured = deadline_settings(settings)
    following = year + 1
    if body.type in configured:
        month, day = configured[body.type]
        return dt.date(following, month, day), Text(
            f"配置 deadlines.{body.type.value}", f"the deadlines.{body.type.value} setting"
        )
    if year <= 2018:
        month, day = PRE_2019_DEADLINE
        return dt.date(following, month, day), Text(
            "2007年《条例》第三十一条", "2007 Regulations, art. 31"
        )
    if body.type not in STATUTORY_DEADLINES:
        return None
    month, day = STATUTORY_DEADLINES[body.type]
    return dt.date(following, month, day), Text("《条例》第四十九条", "Regulations, art. 49")


class DeadlineKind(RuleKind):
    name: ClassVar[str] = "deadline"
    description: ClassVar[str] = (
        "Publication date against 条例第四十九条 (部门 1月31日, 人民政府 3月31日) or the "
        "configured local deadline; never guessed when no date is known."
    )
    needs_format: ClassVar[bool] = False
    params_schema: ClassVar[dict[str, Any]] = {
        "type": "object",
        "additionalProperties": False,
        "required": ["check"],
        "properties": {
            "check": {
                "enum": ["late", "dated-late", "early"],
                "description": "late: the publication date is after the deadline; dated-late: "
                "no publication date, but the report is dated after the deadline; early: "
                "published before the report year ended",
            },
            "uncertain_severity": {
                "enum": ["error", "warning", "info"],
                "description": "severity when the body type is presumed from the name "
                "(default: the rule's severity)",
            },
        },
    }
    message_args: ClassVar[frozenset[str]] = frozenset(
        {"published", "deadline", "days", "year", "body", "body_type", "basis", "rests_on"}
    )

    def check(self, rule: Rule, report: Report, ctx: CheckContext) -> Iterable[Finding]:
        year = report.metadata.year
        if year is None:
            return
        check = rule.params["check"]
        published = published_setting(ctx.settings)
        source = Text("配置 published", "the published setting")
        if published is None:
            published = parse_date(report.metadata.published)
            source = Text("页面或文件所载发布日期", "the date given by the page or file")
        line: int | None = None
        if check == "dated-late":
            if published is not None:
                return  # check: late decides
            dates = document_dates(report)
            if not dates:
                return
            published, line = max(dates)
            source = Text("报告所署日期", "the date printed on the report")
        if published is None:
            return
        location = Location(source=SourceLocation(report.source, line=line))
        args: dict[str, Any] = {
            "published": published.isoformat(),
            "year": year,
            "body": report.metadata.body or "",
        }
        if check == "early":
            if published < dt.date(year + 1, 1, 1):
                yield ctx.finding(rule, location, {**args, "deadline": "", "days": ""})
            return
        body = body_class(report, ctx.settings)
        if body is None:
            return  # an unknown body has no known deadline
        found = deadline_for(year, body, ctx.settings)
        if found is None:
            return
        deadline, rests_on = found
        if published <= deadline:
            return
        severity = None
        if not body.certain and body.type is not BodyType.TOWNSHIP:
            severity = Severity(rule.params.get("uncertain_severity", rule.severity.value))
        yield ctx.finding(
            rule,
            location,
            {
                **args,
                "deadline": deadline.isoformat(),
                "days": (published - deadline).days,
                "body_type": body.type.text,
                "basis": body.basis,
                "rests_on": Text(
                    f"{rests_on.zh}；日期依据{source.zh}", f"{rests_on.en}; date from {source.en}"
                ),
            },
            severity=severity,
            data={
                "published": published.isoformat(),
                "deadline": deadline.isoformat(),
                "body_type": body.type.value,
                "body_type_certain": body.certain,
            },
        )

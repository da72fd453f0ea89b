"""The kind of body that issues a report, and the per-file settings rules read about it.

条例第四十九条 and 第五十条 treat 人民政府 reports and 部门 reports differently (deadline, required
content); 乡镇/街道 have no statutory deadline. The type is read from configuration
(``settings["body_type"]``) or detected from the issuing body's name:

- ``township``: the name ends in 街道 / 街道办事处 / 乡 / 镇 (also with 人民政府) or 苏木;
- ``government``: the name ends in 人民政府 / 政府 (certain), or in 政府办公室 / 政府办公厅, or is
  a bare place name ending in 省 / 市 / 县 / 区 / 州 / 盟 / 旗 (uncertain: an office may publish
  its own department report, a 管委会 area may or may not report as a government);
- ``department``: anything else (certain when the name ends in a department word such as 局, 委,
  厅, 中心; uncertain otherwise).

Every function here reads the settings documented in ``docs/content-rules.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..core.model import Report
from ..core.rules import Text
from .dates import parse_date


class BodyType(StrEnum):
    DEPARTMENT = "department"
    GOVERNMENT = "government"
    TOWNSHIP = "township"

    @property
    def text(self) -> Text:
        return {
            BodyType.DEPARTMENT: Text("部门", "department"),
            BodyType.GOVERNMENT: Text("人民政府", "government"),
            BodyType.TOWNSHIP: Text("乡镇（街道）", "township or street"),
        }[self]


class SettingsError(ValueError):
    """A per-file setting has a value rules cannot use (reported as an internal error, DL999)."""


@dataclass(frozen=True)
class BodyClass:
    """A body type and how it was decided."""

    type: BodyType
    certain: bool
    basis: Text  # e.g. 按机关名称“…人民政府”判断 / 配置 body_type


_TOWNSHIP = re.compile(r"(?:街道(?:办事处|办)?|[乡镇](?:人民政府|政府)?|苏木)$")
_GOVERNMENT = re.compile(r"(?:人民政府|政府)$")
_GOVERNMENT_OFFICE = re.compile(r"政府办公[室厅]$")
_PLACE = re.compile(r"(?:省|市|县|区|州|盟|旗|特别行政区)$")
_DEPARTMENT = re.compile(
    r"(?:局|委|委员会|厅|署|办|办公室|中心|院|馆|所|站|队|处|会|社|部|司|行|公司|集团)$"
)


def classify_body(name: str | None) -> BodyClass | None:
    """The body type suggested by the issuing body's name; None when the name is unknown."""
    if not name or not name.strip():
        return None
    name = re.sub(r"\s+", "", name)

    def by_name(zh: str, en: str) -> Text:
        return Text(f"按机关名称“{name}”{zh}", f"from the body name '{name}' {en}")

    if _TOWNSHIP.search(name):
        return BodyClass(BodyType.TOWNSHIP, True, by_name("判断", "(township or street)"))
    if _GOVERNMENT_OFFICE.search(name):
        return BodyClass(
            BodyType.GOVERNMENT,
            False,
            by_name("推定（政府办公室/办公厅）", "(a government office: presumed)"),
        )
    if _GOVERNMENT.search(name):
        return BodyClass(BodyType.GOVERNMENT, True, by_name("判断", "(a people's government)"))
    if _DEPARTMENT.search(name):
        return BodyClass(BodyType.DEPARTMENT, True, by_name("判断", "(a department)"))
    if _PLACE.search(name):
        return BodyClass(
            BodyType.GOVERNMENT, False, by_name("推定（地区名称）", "(a place name: presumed)")
        )
    return BodyClass(BodyType.DEPARTMENT, False, by_name("推定", "(presumed)"))


def body_class(report: Report, settings: Mapping[str, Any]) -> BodyClass | None:
    """The body type from ``settings["body_type"]``, else from the report's body name."""
    configured = settings.get("body_type")
    if configured is not None:
        try:
            kind = BodyType(str(configured))
        except ValueError as exc:
            raise SettingsError(
                f"setting body_type must be one of department, government, township; "
                f"got {configured!r}"
            ) from exc
        return BodyClass(kind, True, Text("按配置 body_type", "from the body_type setting"))
    return classify_body(report.metadata.body)


def published_setting(settings: Mapping[str, Any]) -> dt.date | None:
    """``settings["published"]``: the publication date (ISO string or date), if configured."""
    value = settings.get("published")
    if value is None:
        return None
    date = parse_date(value)
    if date is None:
        raise SettingsError(f"setting published must be a date (YYYY-MM-DD); got {value!r}")
    return date


#: 条例第四十九条: 部门 by 1月31日, 本级政府 by 3月31日 of the following year; none for townships
STATUTORY_DEADLINES: dict[BodyType, tuple[int, int]] = {
    BodyType.DEPARTMENT: (1, 31),
    BodyType.GOVERNMENT: (3, 31),
}
#: 2007 条例第三十一条: every body by 3月31日 (report years up to 2018)
PRE_2019_DEADLINE: tuple[int, int] = (3, 31)


def deadline_settings(settings: Mapping[str, Any]) -> dict[BodyType, tuple[int, int]]:
    """``settings["deadlines"]``: body type -> (month, day) of the following year."""
    raw = settings.get("deadlines")
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise SettingsError(f"setting deadlines must be a mapping; got {raw!r}")
    out: dict[BodyType, tuple[int, int]] = {}
    for key, value in raw.items():
        try:
            kind = BodyType(str(key))
        except ValueError as exc:
            raise SettingsError(
                f"setting deadlines: unknown body type {key!r} (department, government, township)"
            ) from exc
        match = re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", str(value))
        if not match:
            raise SettingsError(f"setting deadlines.{key} must be MM-DD; got {value!r}")
        month, day = int(match.group(1)), int(match.group(2))
        try:
            dt.date(2001, month, day)  # a day that exists in every year (29 February does not)
        except ValueError as exc:
            raise SettingsError(f"setting deadlines.{key}: no such day {value!r}") from exc
        out[kind] = (month, day)
    return out

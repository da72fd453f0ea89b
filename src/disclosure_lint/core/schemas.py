"""JSON Schema validation with file/line/key error reporting: the one validation path.

Every file a user writes is read by :mod:`.yamlsource` and checked here against its published
schema (``disclosure_lint/schemas/``, see ``docs/``): :func:`load_checked` does both. Errors become
:class:`FileProblem` entries that point at the offending key's line, in English and Chinese; an
unknown key or value gets a "did you mean" when a known one is close. Dates are checked as real
dates (``format: date``), whether or not they were quoted.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DataFileError, FileProblem
from .yamlsource import PathKey, SourcedData, format_path, load_sourced_file

SCHEMA_NAMES = (
    "rule-pack",
    "format",
    "report-data",
    "parse-output",
    "check-output",
    "config",
    "suppressions",
    "baseline",
    "rule-tests",
    "stock-phrases",
)

#: what each kind of file is called in the first line of an error (English, Chinese)
FILE_KINDS: dict[str, tuple[str, str]] = {
    "config": ("invalid configuration", "配置无效"),
    "suppressions": ("invalid suppression file", "抑制文件无效"),
    "baseline": ("invalid baseline", "基线文件无效"),
    "rule-pack": ("invalid rule pack", "规则包无效"),
    "format": ("invalid format definition", "格式定义无效"),
    "rule-tests": ("invalid rule test cases", "规则测试用例无效"),
    "stock-phrases": ("invalid stock-phrase catalogue", "套话库无效"),
    "report-data": ("invalid report data", "报告数据无效"),
}

if TYPE_CHECKING:
    # imported when a first document is validated (a run whose rule packs and formats come from
    # the definition cache may validate nothing and so never pay for importing jsonschema)
    from jsonschema import Draft202012Validator, FormatChecker
    from jsonschema.exceptions import ValidationError
    from referencing import Registry


def _is_date(value: object) -> bool:
    """YYYY-MM-DD and a day that exists (2025-02-30 does not)."""
    if not isinstance(value, str):
        return True
    return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)) and bool(
        dt.date.fromisoformat(value)
    )


def _is_month_day(value: object) -> bool:
    """MM-DD of a day that exists in every year: a deadline recurs yearly, so 02-29 (and 02-30)
    are refused here rather than failing the deadline rule in three years of four."""
    if not isinstance(value, str):
        return True
    match = re.fullmatch(r"([0-9]{2})-([0-9]{2})", value)
    return bool(match) and bool(dt.date(2001, int(match.group(1)), int(match.group(2))))


@cache
def format_checker() -> FormatChecker:
    """The formats checked beyond the schemas' types: real dates and month-days."""
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date", raises=ValueError)(_is_date)
    checker.checks("month-day", raises=ValueError)(_is_month_day)
    return checker


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The published JSON Schema ``name`` (one of :data:`SCHEMA_NAMES`)."""
    text = (
        resources.files("disclosure_lint.schemas")
        .joinpath(f"{name}.schema.json")
        .read_text(encoding="utf-8")
    )
    return json.loads(text)


@cache
def registry() -> Registry:
    """All published schemas, so that one can refer to another by its ``$id``."""
    from referencing import Registry, Resource

    return Registry().with_resources(
        (load_schema(name)["$id"], Resource.from_contents(load_schema(name)))
        for name in SCHEMA_NAMES
    )


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    """A validator for any schema (a kind's params, a plugin's configuration key), with the
    published schemas to refer to and the date formats checked."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema, registry=registry(), format_checker=format_checker())


@cache
def validator_for(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return validator(schema)


def load_checked(
    path: Path, schema: str | Draft202012Validator, kind: str | None = None
) -> SourcedData:
    """Read a user's YAML/JSON file and validate it; :class:`DataFileError` names the file, the
    line and the key of every problem. ``kind`` (a key of :data:`FILE_KINDS`) defaults to the
    schema's name."""
    doc = load_sourced_file(path)
    check_document(doc, schema, kind)
    return doc


def check_document(
    doc: SourcedData, schema: str | Draft202012Validator, kind: str | None = None
) -> None:
    """Validate a loaded document; raise :class:`DataFileError` listing every problem."""
    checker = validator_for(schema) if isinstance(schema, str) else schema
    problems = validate_with_schema(checker, doc)
    if problems:
        raise invalid(doc.file, kind or (schema if isinstance(schema, str) else ""), problems)


def invalid(file: str, kind: str, problems: list[FileProblem]) -> DataFileError:
    """The error for an invalid file of ``kind`` (a key of :data:`FILE_KINDS`)."""
    en, zh = FILE_KINDS.get(kind, ("invalid file", "文件无效"))
    return DataFileError(f"{file}: {en}", problems, zh=f"{file}：{zh}")


def validate_with_schema(
    schema: dict[str, Any] | Draft202012Validator,
    doc: SourcedData,
    base: PathKey = (),
    data: Any = None,
) -> list[FileProblem]:
    """Validate ``data`` (default: the whole document) and return problems with lines and keys.

    ``base`` is the path of ``data`` inside ``doc``, used to look up lines.
    """
    checker = validator(schema) if isinstance(schema, dict) else schema
    target = doc.data if data is None else data
    problems: list[FileProblem] = []
    for error in sorted(checker.iter_errors(target), key=lambda e: list(map(str, e.path))):
        problems.extend(_problems_from_error(error, doc, base))
    return problems


def suggestion(word: str, known: list[str] | set[str]) -> str | None:
    """The known word closest to ``word``, if one is close enough to be a typo of it."""
    close = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_key(key: str, known: list[str] | set[str]) -> tuple[str, str]:
    """ "unknown key" in English and Chinese, with the closest known key or the known keys."""
    close = suggestion(key, known)
    if close is not None:
        return (
            f"unknown key '{key}' (did you mean '{close}'?)",
            f"未知的键“{key}”（是否应为“{close}”？）",
        )
    listed = ", ".join(sorted(known))
    return (
        f"unknown key '{key}'" + (f" (allowed keys: {listed})" if listed else ""),
        f"未知的键“{key}”" + (f"（可用的键：{listed}）" if listed else ""),
    )


def _problems_from_error(
    error: ValidationError, doc: SourcedData, base: PathKey
) -> list[FileProblem]:
    path: PathKey = (*base, *error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        patterns = error.schema.get("patternProperties", {})
        extras = [
            key
            for key in error.instance
            if key not in allowed and not any(re.search(p, key) for p in patterns)
        ]
        if extras:
            return [doc.problem((*path, key), *unknown_key(key, allowed)) for key in extras]
    if error.validator in ("anyOf", "oneOf") and error.context:
        # Report the most specific sub-error instead of "is not valid under any of the schemas".
        best = max(error.context, key=lambda e: len(e.absolute_path))
        return _problems_from_error(best, doc, base)
    return [doc.problem(path, *describe_error(error))]


_TYPES = {
    "string": ("text", "文本"),
    "integer": ("an integer", "整数"),
    "number": ("a number", "数字"),
    "boolean": ("true or false", "true 或 false"),
    "null": ("null", "null"),
    "array": ("a list", "列表"),
    "object": ("a mapping (key: value)", "映射（键: 值）"),
}


def _kind_of(value: Any) -> tuple[str, str]:
    if isinstance(value, bool):
        return _TYPES["boolean"]
    if isinstance(value, int):
        return _TYPES["integer"]
    if isinstance(value, float):
        return _TYPES["number"]
    if isinstance(value, str):
        return _TYPES["string"]
    if value is None:
        return _TYPES["null"]
    if isinstance(value, list):
        return _TYPES["array"]
    return _TYPES["object"]


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


def describe_error(error: ValidationError) -> tuple[str, str]:
    """The problem in English and Chinese."""
    rule, want, value = error.validator, error.validator_value, error.instance
    shown = _short(value)
    if rule == "type":
        wanted = [want] if isinstance(want, str) else list(want)
        en = " or ".join(_TYPES.get(t, (t, t))[0] for t in wanted)
        zh = "或".join(_TYPES.get(t, (t, t))[1] for t in wanted)
        got_en, got_zh = _kind_of(value)
        if isinstance(value, dict | list):
            return f"expected {en}, found {got_en}", f"应为{zh}，实为{got_zh}"
        return f"expected {en}, found {got_en}: {shown}", f"应为{zh}，实为{got_zh}：{shown}"
    if rule == "required":
        match = re.match(r"^'(.+)' is a required property$", error.message)
        name = match.group(1) if match else error.message
        return f"missing required key '{name}'", f"缺少必需的键“{name}”"
    if rule == "enum":
        options = ", ".join(str(v) for v in want)
        close = suggestion(value, [str(v) for v in want]) if isinstance(value, str) else None
        hint_en = f" (did you mean '{close}'?)" if close else ""
        hint_zh = f"（是否应为“{close}”？）" if close else ""
        return (
            f"'{shown}' is not one of: {options}{hint_en}",
            f"“{shown}”不是可选值（{options}）之一{hint_zh}",
        )
    if rule == "const":
        return f"must be '{want}', found '{shown}'", f"应为“{want}”，实为“{shown}”"
    if rule == "format" and want == "date":
        return (
            f"'{shown}' is not a real date (write YYYY-MM-DD)",
            f"“{shown}”不是有效的日期（应写为 YYYY-MM-DD）",
        )
    if rule == "format" and want == "month-day":
        return (
            f"'{shown}' is not a real month and day (write MM-DD)",
            f"“{shown}”不是有效的月日（应写为 MM-DD）",
        )
    if rule == "pattern":
        return (
            f"'{shown}' does not have the required form ({want})",
            f"“{shown}”的写法不符合要求（{want}）",
        )
    if rule == "minLength":
        if want == 1:
            return "must not be empty", "不能为空"
        return f"must be at least {want} characters long", f"至少应有 {want} 个字符"
    if rule in ("minItems", "maxItems"):
        if rule == "minItems":
            return f"needs at least {want} item(s)", f"至少应有 {want} 项"
        return f"takes at most {want} item(s)", f"最多只能有 {want} 项"
    if rule in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {
            "minimum": ("less than the minimum", "小于最小值"),
            "maximum": ("greater than the maximum", "大于最大值"),
            "exclusiveMinimum": ("not greater than", "应大于"),
            "exclusiveMaximum": ("not less than", "应小于"),
        }[rule]
        return f"{shown} is {words[0]} {want}", f"{shown}：{words[1]} {want}"
    return error.message, f"不符合要求：{error.message}"


def describe(problems: list[FileProblem]) -> str:
    return "\n".join(str(p) for p in problems)


__all__ = [
    "FILE_KINDS",
    "SCHEMA_NAMES",
    "check_document",
    "describe",
    "describe_error",
    "format_path",
    "invalid",
    "load_checked",
    "load_schema",
    "suggestion",
    "unknown_key",
    "validate_with_schema",
    "validator",
    "validator_for",
]

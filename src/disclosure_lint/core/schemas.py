"""JSON Schema validation with file/line/key error reporting.

The schemas are published in ``disclosure_lint/schemas/`` (see ``docs/``). Errors are translated
into :class:`FileProblem` entries that point at the offending key's line.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from .errors import FileProblem
from .yamlsource import PathKey, SourcedData, format_path

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
    return Registry().with_resources(
        (load_schema(name)["$id"], Resource.from_contents(load_schema(name)))
        for name in SCHEMA_NAMES
    )


@cache
def validator_for(name: str) -> Draft202012Validator:
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=registry())


def validate_with_schema(
    schema: dict[str, Any] | Draft202012Validator,
    doc: SourcedData,
    base: PathKey = (),
    data: Any = None,
) -> list[FileProblem]:
    """Validate ``data`` (default: the whole document) and return problems with lines and keys.

    ``base`` is the path of ``data`` inside ``doc``, used to look up lines.
    """
    validator = schema if isinstance(schema, Draft202012Validator) else Draft202012Validator(schema)
    target = doc.data if data is None else data
    problems: list[FileProblem] = []
    for error in sorted(validator.iter_errors(target), key=lambda e: list(map(str, e.path))):
        problems.extend(_problems_from_error(error, doc, base))
    return problems


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
            hint = f"allowed keys: {', '.join(sorted(allowed))}" if allowed else ""
            return [
                doc.problem((*path, key), f"unknown key '{key}'" + (f" ({hint})" if hint else ""))
                for key in extras
            ]
    if error.validator in ("anyOf", "oneOf") and error.context:
        # Report the most specific sub-error instead of "is not valid under any of the schemas".
        best = max(error.context, key=lambda e: len(e.absolute_path))
        return _problems_from_error(best, doc, base)
    message = error.message
    if error.validator == "required":
        return [doc.problem(path, message)]
    if error.validator == "enum":
        message = f"{error.instance!r} is not one of {error.validator_value}"
    return [doc.problem(path, message)]


def describe(problems: list[FileProblem]) -> str:
    return "\n".join(str(p) for p in problems)


__all__ = ["SCHEMA_NAMES", "describe", "format_path", "load_schema", "validate_with_schema"]

"""Writing the files users write — configuration, suppressions, baselines, report data, rule
packs, rule test cases — as YAML, TOML or JSON text the way people write them (dates without
quotes, anchors and aliases, flow and block style), and with one defect put in on purpose (a
YAML tag, an impossible date, a key misspelt, a value of the wrong type) whose line is known.
Hypothesis strategies over these, and text mutations, feed tests/test_fuzz_user_files.py."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

# ---------------------------------------------------------------------------------------------
# Values that are written in a particular way


@dataclass(frozen=True)
class Raw:
    """A scalar written exactly as given: an unquoted date, a tagged scalar, an alias."""

    text: str


@dataclass(frozen=True)
class Tagged:
    """A list or mapping written with a tag in front (``!!python/object:x {…}``)."""

    tag: str
    value: Any


@dataclass(frozen=True)
class Anchored:
    """A scalar written with an anchor (``&name value``); later ``Raw("*name")`` refers to it."""

    name: str
    value: Any


@dataclass(frozen=True)
class Flow:
    """A list or mapping written in flow style on its key's line (a value of the wrong type)."""

    value: Any


@dataclass
class Defect:
    """The one thing wrong with a generated file: what it is and the key whose line says where."""

    kind: str  # "tag", "date", "unknown-key", "type", "depth", "missing-plugin"
    path: tuple[str | int, ...]
    detail: str = ""  # the tag, for "tag"
    line: int | None = None  # filled in when the file is written


@dataclass
class Written:
    text: str
    defect: Defect | None = None
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)


def _scalar(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Anchored):
        return f"&{value.name} {_scalar(value.value)}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def _key(key: Any) -> str:
    text = str(key)
    return text if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", text) else json.dumps(text)


def _flow(value: Any) -> str:
    if isinstance(value, Flow):
        return _flow(value.value)
    if isinstance(value, Tagged):
        return f"{value.tag} {_flow(value.value)}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _simple(value: Any) -> bool:
    return not isinstance(value, dict | list) or not value


def _line_of(lines: dict[tuple[str | int, ...], int], path: tuple[str | int, ...]) -> int | None:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


def dump_yaml(doc: dict[str, Any], defect: Defect | None = None, flow_below: int = 3) -> Written:
    """Block-style YAML (flow style ``flow_below`` levels down), with the line of every key."""
    out: list[str] = []
    lines: dict[tuple[str | int, ...], int] = {}

    def mapping(data: dict[str, Any], indent: int, path: tuple, first_prefix: str = "") -> None:
        for index, (key, value) in enumerate(data.items()):
            pad = first_prefix if index == 0 and first_prefix else " " * indent
            lines[(*path, key)] = len(out) + 1
            if _simple(value) or len(path) + 1 >= flow_below:
                out.append(f"{pad}{_key(key)}: {_flow(value)}")
            elif isinstance(value, dict):
                out.append(f"{pad}{_key(key)}:")
                mapping(value, indent + 2, (*path, key))
            else:
                out.append(f"{pad}{_key(key)}:")
                sequence(value, indent + 2, (*path, key))

    def sequence(items: list[Any], indent: int, path: tuple) -> None:
        for index, item in enumerate(items):
            lines[(*path, index)] = len(out) + 1
            if isinstance(item, dict) and item and len(path) + 1 < flow_below:
                mapping(item, indent + 2, (*path, index), first_prefix=" " * indent + "- ")
            else:
                out.append(f"{' ' * indent}- {_flow(item)}")

    mapping(doc, 0, ())
    if defect is not None:
        defect.line = _line_of(lines, defect.path)
    return Written("\n".join(out) + "\n", defect, lines)


def dump_json(doc: dict[str, Any], defect: Defect | None = None) -> Written:
    """JSON as ``baseline create`` writes it, but with one list item a line (so each has one)."""
    out = ["{"]
    lines: dict[tuple[str | int, ...], int] = {}
    items = list(doc.items())
    for index, (key, value) in enumerate(items):
        comma = "," if index < len(items) - 1 else ""
        lines[(key,)] = len(out) + 1
        if isinstance(value, list) and value:
            out.append(f"  {json.dumps(key)}: [")
            for number, item in enumerate(value):
                lines[(key, number)] = len(out) + 1
                out.append(f"    {_flow(item)}" + ("," if number < len(value) - 1 else ""))
            out.append(f"  ]{comma}")
        else:
            out.append(f"  {json.dumps(key)}: {_flow(value)}{comma}")
    out.append("}")
    if defect is not None:
        defect.line = _line_of(lines, defect.path)
    return Written("\n".join(out) + "\n", defect, lines)


def _toml_value(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, Flow):
        return _toml_value(value.value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
        )
    return json.dumps(value, ensure_ascii=False)


def dump_pyproject(table: dict[str, Any], defect: Defect | None = None) -> Written:
    """A pyproject.toml with ``[tool.disclosure-lint]`` holding ``table`` (one key a line)."""
    out = ["[project]", 'name = "reports"', "", "[tool.disclosure-lint]"]
    lines: dict[tuple[str | int, ...], int] = {}
    for key, value in table.items():
        lines[(key,)] = len(out) + 1
        out.append(f"{key} = {_toml_value(value)}")
    if defect is not None:
        defect.line = _line_of(lines, defect.path[:1])
    return Written("\n".join(out) + "\n", defect, lines)


# ---------------------------------------------------------------------------------------------
# Pieces


def real_dates() -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2099, 12, 31))


@st.composite
def date_value(draw: st.DrawFn, toml: bool = False) -> Any:
    """A real date, written as users write it: without quotes (a YAML/TOML date) or quoted."""
    text = draw(real_dates()).isoformat()
    return Raw(text) if draw(st.booleans()) else text


#: dates that do not exist, as people mistype them
IMPOSSIBLE_DATES = ("2025-13-01", "2025-02-30", "2026-04-31", "2025-00-10", "2025-02-29")

#: tags that are not plain YAML, on a scalar and on a mapping
SCALAR_TAGS = (
    "!!python/name:os.system x",
    "!!python/object/apply:os.system [echo]",
    "!!binary aGVsbG8=",
    "!local text",
    "!!set {a: null}",
    "!!int twelve",
)
MAPPING_TAGS = (
    "!!python/object:argparse.Namespace",
    "!!python/name:os.system",
    "!custom",
    "!!omap",
)

#: tokens inserted into text by mutations: what breaks YAML, JSON and TOML in interesting ways
TOKENS = (
    ":",
    ": ",
    "- ",
    "&a ",
    "*a",
    "*nosuch",
    "<<: *a",
    "!!python/object:os.system ",
    "!x ",
    "{",
    "}",
    "[",
    "]",
    "'",
    '"',
    "\t",
    "\n",
    "\n  ",
    "#",
    "2025-13-01",
    "2025-02-30",
    "2027-03-01",
    "~",
    "? ",
    "---\n",
    "...",
    "|\n",
    ">-\n",
    "%YAML 1.1\n",
    "0x1F",
    ".inf",
    "null",
    "yes",
    "=",
    "\\",
    "\u3000",
    "\ufeff",
    "é",
    "表三",
    "\x00",
    "[[[[[[[[[[",
)


@st.composite
def mutated_text(draw: st.DrawFn, text: str) -> str:
    """``text`` with one to three edits: a line cut, doubled or swapped, a token put in, or an
    end cut off."""
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        action = draw(st.sampled_from(["cut", "double", "swap", "token", "token", "truncate"]))
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        if action == "cut" and len(lines) > 1:
            del lines[at]
        elif action == "double":
            lines.insert(at, lines[at])
        elif action == "swap":
            other = draw(st.integers(0, max(0, len(lines) - 1)))
            lines[at], lines[other] = lines[other], lines[at]
        elif action == "token":
            line = lines[at]
            column = draw(st.integers(0, len(line)))
            lines[at] = line[:column] + draw(st.sampled_from(TOKENS)) + line[column:]
        else:
            cut = draw(st.integers(0, len(text)))
            return text[:cut]
        text = "\n".join(lines)
    return text


def misspelt(key: str) -> str:
    """A typo of ``key`` close enough for "did you mean" (a letter doubled near the end)."""
    at = max(1, len(key) - 2)
    return key[:at] + key[at] + key[at:]


def put_defect(
    draw: st.DrawFn,
    doc: dict[str, Any],
    target: tuple[str | int, ...],
    kinds: tuple[str, ...],
    wrong_type: Any = 12,
    date_key: str | None = None,
) -> Defect:
    """Change the mapping at ``target`` inside ``doc`` so that it holds one defect."""
    holder: Any = doc
    for part in target:
        holder = holder[part]
    assert isinstance(holder, dict) and holder
    kind = draw(st.sampled_from(kinds))
    # an anchored value stays: its aliases further down must still find it
    keys = [k for k in holder if k != "schema" and not isinstance(holder[k], Anchored)]
    key = draw(st.sampled_from(keys or list(holder)))
    if kind == "tag-scalar":
        tagged = draw(st.sampled_from(SCALAR_TAGS))
        holder[key] = Raw(tagged)
        return Defect("tag", (*target, key), tagged.split(" ")[0])
    if kind == "tag-mapping":
        tag = draw(st.sampled_from(MAPPING_TAGS))
        holder[key] = Tagged(tag, {"zh": "标题", "en": "Title"})
        return Defect("tag", (*target, key), tag)
    if kind == "date":
        assert date_key is not None
        date = draw(st.sampled_from(IMPOSSIBLE_DATES))
        holder[date_key] = Raw(date) if draw(st.booleans()) else date
        return Defect("date", (*target, date_key))
    if kind == "unknown-key":
        typo = misspelt(key)
        holder[typo] = holder.pop(key)
        return Defect("unknown-key", (*target, typo))
    if kind == "depth":
        holder[key] = Raw("[" * 120 + "]" * 120)
        return Defect("depth", (*target, key))
    holder[key] = Flow(wrong_type)
    return Defect("type", (*target, key))

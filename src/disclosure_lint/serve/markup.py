"""A small HTML builder that escapes everything it is given unless it is already :class:`Markup`.

Report content (titles, bodies, cell text, messages, file names) is untrusted; pages are built
only through :func:`tag`, which escapes text children and attribute values, so nothing from a
report can become markup.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any


class Markup(str):
    """Text that is already safe HTML (built by :func:`tag` or a literal of ours)."""

    __slots__ = ()


Child = Any  # str | Markup | int | None | Iterable[Child]


def escape(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


def render(children: Iterable[Child]) -> Markup:
    parts: list[str] = []
    for child in children:
        if child is None or child is False:
            continue
        if isinstance(child, str | int | float):
            parts.append(escape(child))
        else:
            parts.append(render(child))
    return Markup("".join(parts))


_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "col", "source"})


def tag(element: str, /, *children: Child, **attrs: Any) -> Markup:
    """``<element attrs>children</element>``. Attribute names: ``class_`` → ``class``, ``data_x`` →
    ``data-x``, ``aria_label`` → ``aria-label``; ``True`` writes the bare attribute, ``None``
    or ``False`` leaves it out."""
    out = ["<", element]
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        attr = key.rstrip("_").replace("_", "-")
        if value is True:
            out.append(f" {attr}")
        else:
            out.append(f' {attr}="{escape(value)}"')
    out.append(">")
    if element in _VOID:
        return Markup("".join(out))
    out.append(render(children))
    out.append(f"</{element}>")
    return Markup("".join(out))


def document(lang: str, title: str, body: Child, page: str, words: str = "{}") -> Markup:
    """A whole page of the app: our stylesheet and script only (the CSP allows nothing else)."""
    return Markup(
        "<!DOCTYPE html>\n"
        + tag(
            "html",
            tag(
                "head",
                tag("meta", charset="utf-8"),
                tag("meta", name="viewport", content="width=device-width, initial-scale=1"),
                tag("meta", name="referrer", content="no-referrer"),
                tag("title", title),
                tag("link", rel="stylesheet", href="/static/app.css"),
                tag("script", src="/static/app.js", defer=True),
            ),
            tag("body", body, data_page=page, data_words=words),
            lang="en" if lang == "en" else "zh-CN",
        )
    )

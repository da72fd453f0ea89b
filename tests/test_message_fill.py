"""Rule messages: ``Rule.render`` cuts each template once at its placeholders and localizes only
the arguments it names (issue 16); it must give what filling the template by the regular
expression with every argument localized gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_lint.core.i18n import LANGUAGES, Text, localize
from disclosure_lint.core.rules import _fill, _fill_localized

NAMES = ["table", "line", "n", "_x", "a1", "cells", "9bad", "with space", ""]
TEXT_PIECES = st.sampled_from(["{", "}", "{{", "}}", "表三", " ", "：", "{}", "x", "\n"])
PLACEHOLDERS = st.sampled_from(NAMES).map(lambda name: "{" + name + "}")
TEMPLATES = st.lists(st.one_of(TEXT_PIECES, PLACEHOLDERS), max_size=12).map("".join)
VALUES = st.one_of(
    st.text(max_size=5),
    st.integers(),
    st.none(),
    st.builds(Text, st.text(max_size=4), st.text(max_size=4)),
    st.fixed_dictionaries({"zh": st.text(max_size=3), "en": st.text(max_size=3)}),
    st.lists(st.integers(), max_size=2),
)
ARGS = st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=6)


@settings(max_examples=500, deadline=None)
@given(TEMPLATES, ARGS)
def test_filling_cut_templates_is_filling_by_the_regex(template: str, args: dict) -> None:
    for lang in LANGUAGES:
        expected = _fill(template, {k: localize(v, lang) for k, v in args.items()})
        assert _fill_localized(template, args, lang) == expected

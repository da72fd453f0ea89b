"""Parse output of the document loaders follows the published schema (``parse-output``)."""

from __future__ import annotations

import json

import pytest

from disclosure_lint.core.codec import report_to_parse_output
from disclosure_lint.core.schemas import validator_for

from ..conftest import CORPUS
from .expected import CONVERTED


@pytest.mark.parametrize(
    "path",
    [CORPUS / "r013.html", CONVERTED / "r013-page-gbk.html", CONVERTED / "r013.docx"],
    ids=lambda p: p.name,
)
def test_parse_output_is_valid(load, path) -> None:
    data = json.loads(json.dumps(report_to_parse_output(load(path)), ensure_ascii=False))
    errors = [e.message for e in validator_for("parse-output").iter_errors(data)]
    assert errors == []
    sections = data["sections"]
    assert all(s["location"]["paragraph"] >= 1 for s in sections)

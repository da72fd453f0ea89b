"""Versioned JSON output of ``check`` (docs/json-output.md, schema check-output.schema.json).

The document is streamed: the header first, then each file as it is checked, then the summary,
so memory does not grow with the batch.
"""

from __future__ import annotations

import json

from .. import __version__
from ..core.reporting import Reporter
from ..core.results import CHECK_OUTPUT_SCHEMA, FileResult, RunSummary


class JsonReporter(Reporter):
    name = "json"
    description = "Versioned JSON document (schema disclosure-lint/check/1)."

    def start(self) -> None:
        self._first = True
        head = {
            "schema": CHECK_OUTPUT_SCHEMA,
            "tool": {"name": "disclosure-lint", "version": __version__},
            "lang": self.options.lang,
        }
        text = json.dumps(head, ensure_ascii=False)
        self.stream.write(text[:-1] + ', "files": [')

    def file_done(self, result: FileResult) -> None:
        if not self._first:
            self.stream.write(",")
        self._first = False
        self.stream.write(
            "\n  " + json.dumps(result.to_dict(self.options.lang), ensure_ascii=False)
        )

    def finish(self, summary: RunSummary) -> None:
        self.stream.write('\n], "summary": ')
        self.stream.write(json.dumps(summary.to_dict(self.options.lang), ensure_ascii=False))
        self.stream.write("}\n")

"""CSV output: one row per finding, UTF-8 with a byte-order mark so that Excel reads Chinese.

Columns (headers in the language of the run): file, body, year, format, code, name, severity,
outcome, location (the label path), section, table, row and column label paths, line, page,
source cell, message, related locations (另见) and the acceptance reason. A text that a
spreadsheet would take for a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR) is
prefixed with ``'``.
"""

from __future__ import annotations

import csv
from typing import Any

from ..core.reporting import Reporter
from ..core.results import FileResult
from .common import FINDING_COLUMNS, finding_record, word

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """``value``, with a leading ``'`` when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class CsvReporter(Reporter):
    name = "csv"
    description = "CSV, one row per finding (UTF-8 with BOM, for Excel)."

    def start(self) -> None:
        self.stream.write("\ufeff")
        self._writer = csv.writer(self.stream, lineterminator="\r\n")
        self._writer.writerow([word(self.options.lang, key) for key in FINDING_COLUMNS])

    def file_done(self, result: FileResult) -> None:
        for finding in result.findings:
            record = finding_record(result, finding, self.options.lang)
            self._writer.writerow(
                [
                    "" if record[key] is None else spreadsheet_safe(record[key])
                    for key in FINDING_COLUMNS
                ]
            )

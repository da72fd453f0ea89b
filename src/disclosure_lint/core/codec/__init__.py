"""The report codec: a report to plain data (dicts, lists, strings, numbers) and back.

One place defines the plain-data shape of each model object (:mod:`.parts`) and the versioned
views made of them (:mod:`.views`): the parse output, the report data and the cache record.
``disclosure-lint parse``, the data loader, the archive, the result cache and the testing harness
all convert through here; none of them rebuilds a report by writing and re-reading JSON or YAML.
"""

from __future__ import annotations

from .parts import (
    PlainData,
    decode_location,
    decode_source,
    decode_value,
    encode_format_info,
    encode_location,
    encode_source,
    encode_value,
)
from .views import (
    PARSE_OUTPUT_SCHEMA,
    REPORT_DATA_SCHEMA,
    CodecError,
    LineOf,
    declared_format,
    report_from_data,
    report_from_parse_output,
    report_from_record,
    report_to_data,
    report_to_parse_output,
    report_to_record,
)

__all__ = [
    "PARSE_OUTPUT_SCHEMA",
    "REPORT_DATA_SCHEMA",
    "CodecError",
    "LineOf",
    "PlainData",
    "declared_format",
    "decode_location",
    "decode_source",
    "decode_value",
    "encode_format_info",
    "encode_location",
    "encode_source",
    "encode_value",
    "report_from_data",
    "report_from_parse_output",
    "report_from_record",
    "report_to_data",
    "report_to_parse_output",
    "report_to_record",
]

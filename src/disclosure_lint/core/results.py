"""Results of a run: one :class:`FileResult` per input, whatever happened to it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from .codec import encode_format_info
from .findings import Finding, Severity
from .i18n import Text, localize
from .model import Report

#: version of the JSON output of ``check`` (see docs/json-output.md; ``parse``: core/codec)
CHECK_OUTPUT_SCHEMA = "disclosure-lint/check/2"


class FileStatus(StrEnum):
    CHECKED = "checked"  # read and checked against its format
    NOT_CHECKABLE = "not-checkable"  # read, but no checkable format (pre-2019, unrecognised)
    UNREADABLE = "unreadable"  # no loader could read it; see its findings
    CONFIG = "config"  # not an input: a configuration file with findings (unused suppressions)


@dataclass
class FileResult:
    path: str
    status: FileStatus
    findings: list[Finding] = field(default_factory=list)
    report: Report | None = None
    loader: str | None = None
    #: codes of the rules that ran over the report (None: unknown, e.g. the file was unreadable)
    rules_run: tuple[str, ...] | None = None
    #: SHA-256 of the file's bytes, when it was read (batch checks find the same file twice)
    digest: str | None = None
    #: what the batch checks prepared of the report where it was checked (parts by name; see
    #: ``BatchCheck.prepare``), and the checks that prepared it; dropped once they collected it
    prepared: dict[str, Any] | None = None
    prepared_by: tuple[str, ...] = ()
    #: the result cache's key of the file (None: the run has no cache, or the file has no key);
    #: the batch phase names a batch by its files' keys (core/outcomes.py)
    key: str | None = None
    #: served by the result cache (not checked in this run)
    cached: bool = False

    def counts(self) -> Counter[str]:
        return Counter(f.severity.value for f in self.findings if not f.suppressed)

    def worst(self) -> Severity | None:
        active = [f.severity for f in self.findings if not f.suppressed]
        return max(active, key=lambda s: s.rank) if active else None

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        meta = self.report.metadata if self.report else None
        fmt = self.report.format if self.report else None
        return {
            "path": self.path,
            "status": self.status.value,
            "loader": self.loader,
            "title": meta.title if meta else None,
            "body": meta.body if meta else None,
            "year": meta.year if meta else None,
            "format": encode_format_info(fmt) if fmt else None,
            "counts": {s.value: self.counts().get(s.value, 0) for s in Severity},
            "findings": [f.to_dict(lang, self.path) for f in self.findings],
        }


class DeferredResult(FileResult):
    """A result whose findings stay in a stored form (``pending``: bytes that ``decode`` turns
    into findings) until they are first read or replaced: a cache hit (its record's JSON) or a
    worker's result (pickled in the worker). Held for the batch phase, it is pickled and
    unpickled as bytes, and its findings are decoded once, where they are read. A cache hit's
    prepared data (``BatchCheck.prepare``) may be pending too (``prepared_pending``, decoded by
    ``decode_prepared``): a batch check whose outcome the run already knows never reads it."""

    def __init__(
        self,
        *args: Any,
        pending: bytes,
        decode: Callable[[bytes], list[Finding]],
        prepared_pending: bytes | None = None,
        decode_prepared: Callable[[bytes], dict[str, Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._pending: bytes | None = pending
        self._decode = decode  # a module-level function: pickled by name
        if prepared_pending is not None:
            assert decode_prepared is not None
            self._prepared = None
        self._prepared_pending = prepared_pending
        self._decode_prepared = decode_prepared

    @property  # type: ignore[override]
    def findings(self) -> list[Finding]:
        if self._pending is not None:
            self._findings = self._decode(self._pending)
            self._pending = None
        return self._findings

    @findings.setter
    def findings(self, value: list[Finding]) -> None:
        self._findings = value
        self._pending = None

    @property  # type: ignore[override]
    def prepared(self) -> dict[str, Any] | None:
        pending = self._prepared_pending
        if pending is not None:
            assert self._decode_prepared is not None
            self._prepared = self._decode_prepared(pending)
            self._prepared_pending = None
        return self._prepared

    @prepared.setter
    def prepared(self, value: dict[str, Any] | None) -> None:
        self._prepared = value
        self._prepared_pending = None

    @property
    def decoded(self) -> bool:
        """Whether the findings were read (decoded) already."""
        return self._pending is None

    @property
    def compact(self) -> bool:
        """Whether what the result holds in bulk is still in its stored, compressed form: its
        findings pending, its prepared data pending or none."""
        return self._pending is not None and (
            self._prepared_pending is not None or self._prepared is None
        )

    @classmethod
    def of(
        cls,
        result: FileResult,
        pending: bytes,
        decode: Callable[[bytes], list[Finding]],
        prepared_pending: bytes | None = None,
        decode_prepared: Callable[[bytes], dict[str, Any]] | None = None,
    ) -> DeferredResult:
        """``result`` with its findings ``pending`` (its own findings are not kept), and its
        prepared data too when ``prepared_pending`` is given (``result.prepared`` is not kept)."""
        values = {f.name: getattr(result, f.name) for f in fields(FileResult)}
        del values["findings"]
        if prepared_pending is not None:
            del values["prepared"]
        return cls(
            **values,
            pending=pending,
            decode=decode,
            prepared_pending=prepared_pending,
            decode_prepared=decode_prepared,
        )


@dataclass
class RunSummary:
    files: int
    by_status: Counter[str]
    by_severity: Counter[str]
    rules_loaded: int
    packs: list[tuple[str, str, int]]  # (pack name, file, rules of it that ran), packs that ran
    plugins: list[str]
    failed: bool
    fail_on: str
    problems: list[Text] = field(default_factory=list)  # plugin problems, in both languages
    exit_code: int = 0
    cache_hits: int | None = None  # results served by the result cache; None: no cache used
    accepted: int = 0  # findings accepted by a suppression or the baseline (not counted above)
    #: findings per rule code (not counting accepted ones), and the rules' names
    by_rule: Counter[str] = field(default_factory=Counter)
    rule_names: dict[str, str] = field(default_factory=dict)

    def to_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "files": self.files,
            "by_status": dict(self.by_status),
            "by_severity": {s.value: self.by_severity.get(s.value, 0) for s in Severity},
            "rules_loaded": self.rules_loaded,
            "packs": [{"pack": p, "file": f, "rules": n} for p, f, n in self.packs],
            "plugins": self.plugins,
            "failed": self.failed,
            "fail_on": self.fail_on,
            "plugin_problems": [localize(p, lang) for p in self.problems],
            "exit_code": self.exit_code,
            "cache_hits": self.cache_hits,
            "accepted": self.accepted,
            "by_rule": dict(sorted(self.by_rule.items(), key=lambda item: (-item[1], item[0]))),
        }

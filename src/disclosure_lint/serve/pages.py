"""The HTML pages of the review app: the batch overview and a report's page."""

from __future__ import annotations

import json
from urllib.parse import quote

from .batch import SEVERITIES, FileEntry, FindingEntry, ReviewBatch
from .markup import Markup, document, tag
from .store import Decision
from .words import word

#: words the page script shows after a review is saved
SCRIPT_WORDS = ("open", "confirmed", "dismissed", "saved", "reason_hint", "shown", "decided_by")


def _script_words(lang: str) -> str:
    return json.dumps({key: word(lang, key) for key in SCRIPT_WORDS}, ensure_ascii=False)


REVIEW_STATES = ("open", "confirmed", "dismissed", "accepted")


def review_state(entry: FindingEntry, decisions: dict[str, Decision]) -> str:
    decision = decisions.get(entry.id)
    if decision is not None:
        return decision.status
    return "accepted" if entry.finding.suppressed else "open"


def review_counts(entry: FileEntry, decisions: dict[str, Decision]) -> dict[str, int]:
    counts = dict.fromkeys(REVIEW_STATES, 0)
    for item in entry.findings:
        counts[review_state(item, decisions)] += 1
    return counts


def verdict(entry: FileEntry, fail_on: str) -> str:
    if entry.status == "unreadable":
        return "unreadable"
    return "failed" if entry.failed(fail_on) else "passed"


def _select(name: str, label: str, options: list[tuple[str, str]], lang: str) -> Markup:
    return tag(
        "label",
        label,
        " ",
        tag(
            "select",
            tag("option", word(lang, "all"), value=""),
            [tag("option", text, value=value) for value, text in options],
            id=f"filter-{name}",
            data_filter=name,
        ),
    )


def _header(lang: str, title: str, back: bool) -> Markup:
    return tag(
        "header",
        tag("a", "← " + word(lang, "back"), href="/", class_="back") if back else None,
        tag("h1", title),
        class_="top",
    )


def overview_page(batch: ReviewBatch, decisions: dict[str, Decision], lang: str) -> Markup:
    files = [f for f in batch.files]
    totals = dict.fromkeys(SEVERITIES, 0)
    review = dict.fromkeys(REVIEW_STATES, 0)
    failing = 0
    for entry in files:
        for severity, count in entry.counts().items():
            totals[severity] += count
        for state, count in review_counts(entry, decisions).items():
            review[state] += count
        failing += verdict(entry, batch.fail_on) != "passed"
    summary = tag(
        "section",
        tag(
            "dl",
            tag("dt", word(lang, "root")),
            tag("dd", str(batch.root), class_="root"),
            tag("dt", word(lang, "reports")),
            tag("dd", str(len([f for f in files if batch.is_input(f)])), id="report-count"),
            tag("dt", word(lang, "failing")),
            tag("dd", str(failing), id="failing-count"),
            tag("dt", word(lang, "findings")),
            tag(
                "dd",
                [
                    tag("span", f"{word(lang, s)} {totals[s]}", class_=f"sev sev-{s}")
                    for s in SEVERITIES
                ],
            ),
            tag("dt", word(lang, "review_progress")),
            tag(
                "dd",
                [
                    tag("span", f"{word(lang, s)} {review[s]}", class_=f"rev rev-{s}")
                    for s in REVIEW_STATES
                ],
                id="review-progress",
            ),
            tag("dt", word(lang, "checked_in")) if batch.seconds is not None else None,
            tag("dd", f"{batch.seconds:.1f} {word(lang, 'seconds')}")
            if batch.seconds is not None
            else None,
        ),
        tag(
            "p",
            word(lang, "exports") + ": ",
            tag("a", word(lang, "export_suppressions"), href="/export/suppressions.yaml"),
            " · ",
            tag("a", word(lang, "export_xlsx"), href="/export/confirmed.xlsx"),
            " · ",
            tag("a", word(lang, "export_csv"), href="/export/confirmed.csv"),
            class_="exports",
        ),
        class_="summary",
    )
    filters = tag(
        "form",
        _select("body", word(lang, "filter_body"), [(b, b) for b in batch.bodies()], lang),
        _select("year", word(lang, "filter_year"), [(str(y), str(y)) for y in batch.years()], lang),
        _select(
            "severity",
            word(lang, "filter_severity"),
            [(s, word(lang, s)) for s in SEVERITIES],
            lang,
        ),
        _select(
            "rule",
            word(lang, "filter_rule"),
            [(c, f"{c} {batch.rule_title(c, lang)}".strip()) for c in batch.codes()],
            lang,
        ),
        _select(
            "review", word(lang, "filter_review"), [(s, word(lang, s)) for s in REVIEW_STATES], lang
        ),
        tag("span", "", id="shown-count", data_label=word(lang, "shown")),
        class_="filters",
        id="filters",
    )
    headers = [
        ("file", "text"),
        ("body", "text"),
        ("year", "number"),
        ("verdict", "text"),
        ("error", "number"),
        ("warning", "number"),
        ("info", "number"),
        ("open", "number"),
        ("confirmed", "number"),
        ("dismissed", "number"),
    ]
    head = tag(
        "tr",
        [
            tag("th", word(lang, name), data_sort=kind, data_column=name, title=word(lang, name))
            for name, kind in headers
        ],
    )
    rows = []
    for entry in files:
        counts = entry.counts()
        states = review_counts(entry, decisions)
        result = verdict(entry, batch.fail_on)
        items = " ".join(
            f"{i.severity}|{i.code}|{review_state(i, decisions)}" for i in entry.findings
        )
        rows.append(
            tag(
                "tr",
                tag(
                    "td",
                    tag("a", entry.rel, href=f"/reports/{entry.key}", class_="file"),
                    tag("div", entry.title, class_="title") if entry.title else None,
                    data_value=entry.rel,
                ),
                tag("td", entry.body or word(lang, "unknown_body"), data_value=entry.body or ""),
                tag("td", entry.year or "", data_value=entry.year if entry.year else -1),
                tag("td", word(lang, result), class_=f"verdict {result}", data_value=result),
                [tag("td", counts[s], data_value=counts[s], class_="num") for s in SEVERITIES],
                [
                    tag("td", states[s], data_value=states[s], class_="num")
                    for s in ("open", "confirmed", "dismissed")
                ],
                class_="report",
                data_key=entry.key,
                data_path=entry.rel,
                data_body=entry.body or "",
                data_year=entry.year or "",
                data_items=items,
            )
        )
    table = tag(
        "table", tag("thead", head), tag("tbody", rows), id="reports", class_="reports sortable"
    )
    body = [_header(lang, word(lang, "app_title"), back=False), summary, filters, table]
    return document(lang, word(lang, "app_title"), body, "overview", _script_words(lang))


def _finding_item(
    item: FindingEntry,
    decisions: dict[str, Decision],
    batch: ReviewBatch,
    lang: str,
    selected: bool,
    view: str,
) -> Markup:
    finding = item.finding
    state = review_state(item, decisions)
    decision = decisions.get(item.id)
    src = finding.location.source
    where = src.short() if src is not None else ""
    link = f"?f={quote(item.id)}" + ("&view=tables" if view == "tables" else "") + "#viewer"
    decided = tag(
        "div",
        tag("span", word(lang, state), class_=f"rev rev-{state} review-status"),
        " ",
        tag("span", decision.reason, class_="review-reason") if decision else None,
        tag(
            "span",
            f" — {word(lang, 'decided_by')} {decision.reviewer}, {decision.decided}",
            class_="review-by",
        )
        if decision
        else None,
        class_="review-state",
    )
    form = tag(
        "form",
        tag(
            "label",
            word(lang, "reviewer"),
            " ",
            tag("input", name="reviewer", type="text", maxlength="100", class_="reviewer"),
        ),
        tag(
            "label",
            word(lang, "reason"),
            " ",
            tag(
                "textarea",
                decision.reason if decision else "",
                name="reason",
                rows="2",
                maxlength="2000",
                placeholder=word(lang, "reason_hint"),
            ),
        ),
        tag(
            "div",
            tag("button", word(lang, "confirm"), type="button", data_status="confirmed"),
            tag("button", word(lang, "dismiss"), type="button", data_status="dismissed"),
            tag("button", word(lang, "reopen"), type="button", data_status="open")
            if decision
            else None,
            tag("span", "", class_="form-message", role="status"),
            class_="buttons",
        ),
        class_="review",
        data_id=item.id,
    )
    return tag(
        "li",
        tag(
            "div",
            tag("span", word(lang, item.severity), class_=f"sev sev-{item.severity}"),
            " ",
            tag("strong", finding.code, class_="code"),
            " ",
            tag("span", batch.rule_title(finding.code, lang), class_="rule-title"),
            " ",
            tag("span", word(lang, finding.outcome.value), class_="outcome"),
            class_="finding-head",
        ),
        tag("div", finding.message(lang), class_="message"),
        tag(
            "div",
            tag("span", finding.location.path(), class_="path"),
            " ",
            tag("span", where, class_="where") if where else None,
            " ",
            tag("a", word(lang, "locate"), href=link, class_="locate"),
            class_="finding-where",
        ),
        tag(
            "ul",
            [
                tag("li", f"{word(lang, 'see_also')} {r.location.path()} {r.message(lang)}")
                for r in finding.related
            ],
            class_="related",
        )
        if finding.related
        else None,
        tag("div", f"{word(lang, 'suppressed')}: {finding.suppressed.text(lang)}", class_="muted")
        if finding.suppressed
        else None,
        decided,
        tag(
            "details",
            tag("summary", word(lang, "review")),
            form,
            class_="review-box",
            open=selected,
        ),
        class_="finding" + (" selected" if selected else ""),
        id=f"finding-{item.id}",
        data_id=item.id,
        data_code=finding.code,
        data_severity=item.severity,
        data_review=state,
    )


def report_page(
    batch: ReviewBatch,
    entry: FileEntry,
    decisions: dict[str, Decision],
    lang: str,
    selected: FindingEntry | None,
    view: str,
    viewer: Markup,
) -> Markup:
    title = entry.title or entry.rel
    result = verdict(entry, batch.fail_on)
    meta = tag(
        "dl",
        tag("dt", word(lang, "file")),
        tag("dd", entry.rel, class_="file"),
        tag("dt", word(lang, "body")),
        tag("dd", entry.body or word(lang, "unknown_body"), class_="body"),
        tag("dt", word(lang, "year")),
        tag("dd", entry.year or "—"),
        tag("dt", word(lang, "format")),
        tag("dd", entry.format or "—"),
        tag("dt", word(lang, "status")),
        tag("dd", word(lang, entry.status)),
        tag("dt", word(lang, "verdict")),
        tag("dd", word(lang, result), class_=f"verdict {result}", id="verdict"),
        class_="meta",
    )
    items = [
        _finding_item(i, decisions, batch, lang, selected is not None and i.id == selected.id, view)
        for i in entry.findings
    ]
    findings = tag(
        "section",
        tag("h2", f"{word(lang, 'findings')} ({len(entry.findings)})"),
        tag("ol", items, class_="findings") if items else tag("p", word(lang, "no_findings")),
        class_="findings-panel",
    )
    base = f"/reports/{entry.key}" + (f"?f={quote(selected.id)}" if selected else "")
    joiner = "&" if selected else "?"
    tabs = tag(
        "nav",
        tag(
            "a",
            word(lang, "source"),
            href=base + "#viewer",
            class_="tab" + (" active" if view == "source" else ""),
        ),
        tag(
            "a",
            word(lang, "tables"),
            href=base + joiner + "view=tables#viewer",
            class_="tab" + (" active" if view == "tables" else ""),
        ),
        class_="tabs",
    )
    body_div = tag("div", viewer, class_="viewer-body")
    panel = tag("section", tabs, body_div, class_="viewer", id="viewer")
    body = [
        _header(lang, title, back=True),
        meta,
        tag("div", findings, panel, class_="split"),
    ]
    return document(
        lang, f"{title} · {word(lang, 'app_title')}", body, "report", _script_words(lang)
    )


def message_page(lang: str, status: int, message: str) -> Markup:
    body = [
        _header(lang, f"{status} {word(lang, 'bad_request') if status < 500 else ''}", back=True),
        tag("p", message, class_="error-message"),
    ]
    return document(lang, str(status), body, "message")

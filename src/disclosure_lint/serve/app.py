"""The Starlette application of ``disclosure-lint serve``: pages, the JSON API and exports.

Every response carries a Content-Security-Policy that allows only the app's own script, style
and images; a report's HTML is served separately, inert and sandboxed (see htmlsource.py). Bad
requests get a 4xx answer with a message; an unexpected error is logged and answered with a
500 that carries no traceback.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .batch import FileEntry, FindingEntry, ReviewBatch
from .exports import confirmed_csv, confirmed_xlsx, suppressions_yaml
from .htmlsource import SOURCE_CSP, inert_page
from .ids import ID_PATTERN
from .pages import message_page, overview_page, report_page, review_counts, review_state, verdict
from .sources import pdf_page_png
from .store import DecisionStore, InvalidDecision
from .viewer import panel

log = logging.getLogger("disclosure_lint.serve")

APP_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
MAX_BODY = 64 * 1024
RESULTS_SCHEMA = "disclosure-lint/serve-results/1"
_ID = re.compile(rf"^(?:{ID_PATTERN})$")


class SecurityHeaders:
    """Adds the CSP and related headers to every response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                defaults = {
                    b"content-security-policy": APP_CSP.encode(),
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"no-referrer",
                    b"cache-control": b"no-store",
                }
                headers += [(k, v) for k, v in defaults.items() if k not in names]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class ReviewApp:
    """The state behind the routes: the checked batch, the decisions and the language."""

    def __init__(self, batch: ReviewBatch, store: DecisionStore, lang: str = "zh") -> None:
        self.batch = batch
        self.store = store
        self.lang = "en" if lang == "en" else "zh"

    # -- helpers ---------------------------------------------------------------------------

    def file(self, request: Request) -> FileEntry:
        entry = self.batch.by_key.get(request.path_params["key"])
        if entry is None:
            raise HTTPException(404, "no such report in this batch")
        return entry

    def finding(self, finding_id: str) -> FindingEntry:
        if not _ID.match(finding_id):
            raise HTTPException(404, "no such finding (malformed id)")
        item = self.batch.findings.get(finding_id)
        if item is None:
            raise HTTPException(404, "no such finding in this batch")
        return item

    def selected(self, request: Request, entry: FileEntry) -> FindingEntry | None:
        wanted = request.query_params.get("f")
        if wanted:
            item = self.finding(wanted)
            if item.file_key != entry.key:
                raise HTTPException(404, "that finding belongs to another report")
            return item
        for item in entry.findings:  # the first finding the source can show
            src = item.finding.location.source
            if src is not None and (src.line or src.page or src.paragraph or src.table_index):
                return item
        return entry.findings[0] if entry.findings else None

    def finding_json(self, item: FindingEntry, decisions: dict[str, Any]) -> dict[str, Any]:
        data = item.finding.to_dict(self.lang)
        decision = decisions.get(item.id)
        review = {"status": review_state(item, decisions), "reason": None, "reviewer": None}
        if decision is not None:
            review.update(decision.to_dict())
        return {
            "id": item.id,
            **data,
            "rule_title": self.batch.rule_title(item.code, self.lang),
            "review": review,
            "url": f"/reports/{item.file_key}?f={quote(item.id)}",
        }

    def file_json(self, entry: FileEntry, decisions: dict[str, Any]) -> dict[str, Any]:
        return {
            "key": entry.key,
            "path": entry.path,
            "file": entry.rel,
            "status": entry.status,
            "loader": entry.loader,
            "title": entry.title,
            "body": entry.body,
            "year": entry.year,
            "format": entry.format,
            "verdict": verdict(entry, self.batch.fail_on),
            "counts": entry.counts(),
            "review": review_counts(entry, decisions),
            "url": f"/reports/{entry.key}",
            "findings": [self.finding_json(i, decisions) for i in entry.findings],
        }

    # -- pages -----------------------------------------------------------------------------

    def overview(self, request: Request) -> Response:
        return HTMLResponse(overview_page(self.batch, self.store.all(), self.lang))

    def report(self, request: Request) -> Response:
        entry = self.file(request)
        selected = self.selected(request, entry)
        view = request.query_params.get("view", "source")
        if view not in ("source", "tables"):
            raise HTTPException(400, "view must be 'source' or 'tables'")
        page = _positive(request.query_params.get("page"), "page")
        result = self.batch.result(entry.key)
        viewer = panel(entry, result, selected, view, page, self.lang)
        html = report_page(self.batch, entry, self.store.all(), self.lang, selected, view, viewer)
        return HTMLResponse(html)

    def source_html(self, request: Request) -> Response:
        entry = self.file(request)
        if entry.loader != "html":
            raise HTTPException(404, "this report is not an HTML page")
        selected = self.selected(request, entry) if request.query_params.get("f") else None
        try:
            data = Path(entry.path).read_bytes()
            target = selected.finding.location.source if selected is not None else None
            marks = [
                i.finding.location.source
                for i in entry.findings
                if i.finding.location.source is not None and not i.finding.suppressed
            ]
            page = inert_page(data, target, marks)
        except (OSError, ValueError) as exc:
            raise HTTPException(404, f"the source cannot be shown: {exc}") from exc
        return Response(
            page,
            media_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": SOURCE_CSP},
        )

    def pdf_page(self, request: Request) -> Response:
        entry = self.file(request)
        if entry.loader != "pdf":
            raise HTTPException(404, "this report is not a PDF")
        try:
            data = pdf_page_png(Path(entry.path), int(request.path_params["page"]))
        except (OSError, ValueError) as exc:
            raise HTTPException(404, f"the page cannot be shown: {exc}") from exc
        return Response(data, media_type="image/png")

    # -- API -------------------------------------------------------------------------------

    def api_results(self, request: Request) -> Response:
        decisions = self.store.all()
        summary = self.batch.summary
        return JSONResponse(
            {
                "schema": RESULTS_SCHEMA,
                "root": str(self.batch.root),
                "lang": self.lang,
                "fail_on": self.batch.fail_on,
                "summary": summary.to_dict(self.lang) if summary is not None else None,
                "files": [self.file_json(e, decisions) for e in self.batch.files],
            }
        )

    def api_report(self, request: Request) -> Response:
        entry = self.file(request)
        data = self.file_json(entry, self.store.all())
        report = self.batch.result(entry.key).report
        data["tables"] = [t.to_dict() for t in report.tables.values()] if report else []
        return JSONResponse(data)

    def api_finding(self, request: Request) -> Response:
        item = self.finding(request.path_params["id"])
        data = self.finding_json(item, self.store.all())
        data["history"] = self.store.history(item.id)
        return JSONResponse(data)

    async def api_review(self, request: Request) -> Response:
        item = self.finding(request.path_params["id"])
        payload = await _json_body(request)
        if request.method == "DELETE":
            reviewer = payload.get("reviewer") if isinstance(payload, dict) else None
            self.store.reopen(item.id, reviewer if isinstance(reviewer, str) else "")
        else:
            if not isinstance(payload, dict):
                raise HTTPException(400, "the body must be a JSON object")
            try:
                self.store.decide(
                    item.id,
                    payload.get("status"),
                    payload.get("reason"),
                    payload.get("reviewer"),
                    file=item.file,
                    code=item.code,
                    location=item.location_key,
                )
            except InvalidDecision as exc:
                raise HTTPException(422, str(exc)) from exc
        return JSONResponse(self.finding_json(item, self.store.all()))

    # -- exports ---------------------------------------------------------------------------

    def export_suppressions(self, request: Request) -> Response:
        text = suppressions_yaml(self.batch, self.store.all())
        return Response(
            text,
            media_type="application/yaml; charset=utf-8",
            headers=_attachment(".disclosure-lint-suppressions.yaml"),
        )

    def export_xlsx(self, request: Request) -> Response:
        data = confirmed_xlsx(self.batch, self.store.all(), self.lang)
        return Response(
            data,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers=_attachment("confirmed-findings.xlsx"),
        )

    def export_csv(self, request: Request) -> Response:
        body = request.query_params.get("body")
        if body is not None and body not in self.batch.bodies() and body != "":
            raise HTTPException(404, "no report of this body in the batch")
        text = confirmed_csv(self.batch, self.store.all(), self.lang, body)
        name = f"confirmed-{body}.csv" if body else "confirmed-findings.csv"
        return Response(text, media_type="text/csv; charset=utf-8", headers=_attachment(name))

    # -- errors ----------------------------------------------------------------------------

    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        headers = getattr(exc, "headers", None)
        if request.url.path.startswith("/api/"):
            return JSONResponse(
                {"error": exc.detail, "status": exc.status_code},
                status_code=exc.status_code,
                headers=headers,
            )
        page = message_page(self.lang, exc.status_code, str(exc.detail))
        return HTMLResponse(page, status_code=exc.status_code, headers=headers)

    async def server_error(self, request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path, exc_info=exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": "internal error", "status": 500}, status_code=500)
        return HTMLResponse(message_page(self.lang, 500, "internal error"), status_code=500)


def _positive(raw: str | None, name: str) -> int | None:
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise HTTPException(400, f"{name} must be a positive whole number")
    return int(raw)


async def _json_body(request: Request) -> Any:
    """The request's JSON, refusing what a cross-site form could send (CSRF)."""
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":
        own = urlsplit(str(request.url))
        if urlsplit(origin).netloc != own.netloc:
            raise HTTPException(403, "cross-origin requests are not accepted")
    elif origin == "null":
        raise HTTPException(403, "cross-origin requests are not accepted")
    body = await request.body()
    if not body and request.method == "DELETE":
        return {}
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media != "application/json":
        raise HTTPException(415, "send JSON (Content-Type: application/json)")
    if len(body) > MAX_BODY:
        raise HTTPException(413, "request body too large")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"the body is not valid JSON: {exc}") from exc


def _attachment(name: str) -> dict[str, str]:
    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", name)
    return {
        "Content-Disposition": f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(name)}"
    }


def create_app(
    batch: ReviewBatch,
    store: DecisionStore,
    lang: str = "zh",
    allowed_hosts: list[str] | None = None,
) -> Starlette:
    """The ASGI app for a checked batch. ``allowed_hosts``: Host names accepted (guards a local
    server against DNS rebinding); None accepts any."""
    state = ReviewApp(batch, store, lang)
    routes = [
        Route("/", state.overview),
        Route("/reports/{key}", state.report),
        Route("/reports/{key}/source.html", state.source_html),
        Route("/reports/{key}/pages/{page:int}.png", state.pdf_page),
        Route("/api/results", state.api_results),
        Route("/api/reports/{key}", state.api_report),
        Route("/api/findings/{id}", state.api_finding),
        Route("/api/findings/{id}/review", state.api_review, methods=["POST", "DELETE"]),
        Route("/export/suppressions.yaml", state.export_suppressions),
        Route("/export/confirmed.xlsx", state.export_xlsx),
        Route("/export/confirmed.csv", state.export_csv),
        Mount("/static", StaticFiles(packages=[("disclosure_lint.serve", "static")])),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: state.http_error, Exception: state.server_error},
    )
    app.state.review = state
    return app

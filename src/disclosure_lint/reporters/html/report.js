// disclosure-lint HTML batch report. Builds the page from the JSON data block.
// Every text from the data goes into the DOM through text nodes or setAttribute, never as HTML.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("dl-data").textContent);
  var W = DATA.words;
  var SVG_NS = "http://www.w3.org/2000/svg";
  var state = { severity: "", rule: "", body: "" };

  function el(tag, attrs) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttrs(node, attrs);
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (key) {
      var value = attrs[key];
      if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(key, String(value));
      }
    });
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) {
      child.forEach(function (c) { append(node, c); });
    } else if (typeof child === "object" && child.nodeType) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }

  function word(key) {
    return Object.prototype.hasOwnProperty.call(W, key) ? W[key] : key;
  }

  function bodyOf(report) {
    return report.body || W.unknown_body;
  }

  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : null;
  }

  function ruleAnchor(code) {
    return "rule-" + code.toLowerCase();
  }

  // A rule links to the published reference (--rules-doc-url) or to its entry on this page.
  function ruleLink(code, text) {
    var rule = DATA.rules[code];
    var href = rule && rule.url ? safeUrl(rule.url) : "#" + ruleAnchor(code);
    if (!href) return text;
    return el("a", { href: href, rel: rule && rule.url ? "noopener noreferrer" : null, title: W.rule_doc }, text);
  }

  function findingVisible(f) {
    return (!state.severity || f.severity === state.severity) &&
      (!state.rule || f.code === state.rule);
  }

  function visibleReports() {
    var filtering = state.severity || state.rule;
    var out = [];
    DATA.reports.forEach(function (report, index) {
      if (state.body && bodyOf(report) !== state.body) return;
      var findings = report.findings.filter(findingVisible);
      if (filtering && findings.length === 0) return;
      out.push({ report: report, index: index, findings: findings });
    });
    return out;
  }

  function countBySeverity(findings) {
    var c = {};
    DATA.severities.forEach(function (s) { c[s] = 0; });
    findings.forEach(function (f) { if (!f.suppressed) c[f.severity] += 1; });
    return c;
  }

  // -- controls ------------------------------------------------------------------------------

  function select(id, label, options, key) {
    var node = el("select", { id: id });
    node.appendChild(el("option", { value: "" }, W.all));
    options.forEach(function (opt) {
      node.appendChild(el("option", { value: opt[0] }, opt[1]));
    });
    node.addEventListener("change", function () {
      state[key] = node.value;
      render();
    });
    return el("label", { "class": "filter" }, label + " ", node);
  }

  function controls() {
    var bodies = [];
    DATA.reports.forEach(function (r) {
      var b = bodyOf(r);
      if (bodies.indexOf(b) < 0) bodies.push(b);
    });
    bodies.sort();
    var codes = Object.keys(DATA.rules).sort();
    return el("div", { "class": "controls", id: "filters" },
      select("filter-severity", W.filter_severity,
        DATA.severities.map(function (s) { return [s, word(s)]; }), "severity"),
      select("filter-rule", W.filter_rule,
        codes.map(function (c) { return [c, c + " " + DATA.rules[c].name]; }), "rule"),
      select("filter-body", W.filter_body,
        bodies.map(function (b) { return [b, b]; }), "body"),
      el("span", { id: "shown-count", "class": "muted" }));
  }

  // -- summaries -----------------------------------------------------------------------------

  function runSummary() {
    var s = DATA.summary;
    var statuses = Object.keys(s.by_status).sort().map(function (k) {
      return word(k) + " " + s.by_status[k];
    }).join(" · ");
    var sev = DATA.severities.map(function (k) {
      return el("span", { "class": "sev sev-" + k }, word(k) + " " + (s.by_severity[k] || 0));
    });
    return el("section", { id: "summary" },
      el("h2", null, W.summary),
      el("p", null, W.files + " " + s.files + (statuses ? " (" + statuses + ")" : "")),
      el("p", null, W.findings + ": ", sev),
      el("p", null, W.verdict + ": ",
        el("strong", { id: "verdict", "class": s.failed ? "failed" : "passed" },
          s.failed ? W.failed : W.passed),
        " (" + W.fail_on + ": " + word(s.fail_on) + ")"));
  }

  function byBody(visible) {
    var rows = {};
    var order = [];
    visible.forEach(function (v) {
      var b = bodyOf(v.report);
      if (!rows[b]) { rows[b] = { reports: 0, failing: 0, findings: [] }; order.push(b); }
      rows[b].reports += 1;
      if (v.report.failed) rows[b].failing += 1;
      rows[b].findings = rows[b].findings.concat(v.findings);
    });
    order.sort();
    var head = el("tr", null, el("th", null, W.body), el("th", null, W.reports),
      el("th", null, W.failing_reports),
      DATA.severities.map(function (s) { return el("th", null, word(s)); }));
    var body = order.map(function (b) {
      var c = countBySeverity(rows[b].findings);
      return el("tr", { "data-body": b }, el("td", null, b), el("td", { "class": "num" }, rows[b].reports),
        el("td", { "class": "num" }, rows[b].failing),
        DATA.severities.map(function (s) { return el("td", { "class": "num" }, c[s]); }));
    });
    return el("section", { id: "by-body" }, el("h2", null, W.by_body),
      el("table", { "class": "grid" }, el("thead", null, head), el("tbody", null, body)));
  }

  function ruleCounts(visible) {
    var found = {};
    visible.forEach(function (v) {
      v.findings.forEach(function (f) {
        if (f.suppressed) return;
        if (!found[f.code]) found[f.code] = { count: 0, reports: {}, severity: f.severity };
        found[f.code].count += 1;
        found[f.code].reports[v.index] = true;
        if (DATA.severities.indexOf(f.severity) < DATA.severities.indexOf(found[f.code].severity)) {
          found[f.code].severity = f.severity;
        }
      });
    });
    return found;
  }

  function byRule(visible) {
    var found = ruleCounts(visible);
    var codes = Object.keys(found).sort();
    var head = el("tr", null, el("th", null, W.code), el("th", null, W.name),
      el("th", null, W.rule_title), el("th", null, W.severity), el("th", null, W.findings),
      el("th", null, W.reports));
    var rows = codes.map(function (code) {
      var rule = DATA.rules[code] || { name: "", title: "", url: null };
      return el("tr", { "data-code": code }, el("td", null, ruleLink(code, code)), el("td", null, rule.name),
        el("td", null, rule.title),
        el("td", null, el("span", { "class": "sev sev-" + found[code].severity }, word(found[code].severity))),
        el("td", { "class": "num" }, found[code].count),
        el("td", { "class": "num" }, Object.keys(found[code].reports).length));
    });
    return el("section", { id: "by-rule" }, el("h2", null, W.by_rule),
      el("table", { "class": "grid" }, el("thead", null, head), el("tbody", null, rows)),
      chart(codes, found));
  }

  function chart(codes, found) {
    var barHeight = 18, gap = 6, labelWidth = 70, barMax = 360;
    var max = 1;
    codes.forEach(function (c) { max = Math.max(max, found[c].count); });
    var height = Math.max(1, codes.length) * (barHeight + gap) + gap;
    var root = svg("svg", {
      id: "rule-chart", width: labelWidth + barMax + 60, height: height,
      viewBox: "0 0 " + (labelWidth + barMax + 60) + " " + height, role: "img",
      "aria-label": W.chart
    });
    codes.forEach(function (code, i) {
      var y = gap + i * (barHeight + gap);
      var width = Math.max(2, Math.round(barMax * found[code].count / max));
      var rule = DATA.rules[code] || { title: "" };
      root.appendChild(svg("text", { x: 0, y: y + barHeight - 4, "class": "chart-label" }, code));
      root.appendChild(svg("rect", {
        x: labelWidth, y: y, width: width, height: barHeight,
        "class": "bar sev-fill-" + found[code].severity, "data-code": code
      }, svg("title", null, code + " " + rule.title + ": " + found[code].count)));
      root.appendChild(svg("text", { x: labelWidth + width + 6, y: y + barHeight - 4, "class": "chart-count" },
        found[code].count));
    });
    return el("figure", { "class": "chart" }, root, el("figcaption", null, W.chart));
  }

  // -- per-report detail ---------------------------------------------------------------------

  function cellKey(k) {
    return k[0] + "\u0000" + k[1] + "\u0000" + k[2];
  }

  function highlights(findings) {
    var marks = {};
    findings.forEach(function (f) {
      if (f.suppressed) return;
      var keys = f.cells.slice();
      if (f.target) keys.push(f.target);
      keys.forEach(function (k) {
        var key = cellKey(k);
        var mark = marks[key] || (marks[key] = { severity: f.severity, codes: [] });
        if (mark.codes.indexOf(f.code) < 0) mark.codes.push(f.code);
        if (DATA.severities.indexOf(f.severity) < DATA.severities.indexOf(mark.severity)) {
          mark.severity = f.severity;
        }
      });
    });
    return marks;
  }

  /* @include tables.js */

  function renderFindings(findings) {
    if (!findings.length) return el("p", { "class": "passed" }, W.no_findings);
    var head = el("tr", null, el("th", null, W.source), el("th", null, W.severity),
      el("th", null, W.code), el("th", null, W.location), el("th", null, W.message));
    var rows = findings.map(function (f) {
      var message = el("td", null, el("div", { "class": "message" }, f.message),
        f.source_text !== null ? el("pre", { "class": "source-line", title: W.source_line }, f.source_text) : null,
        f.related.length ? el("ul", { "class": "related" }, f.related.map(function (r) {
          return el("li", null, W.see_also + " " + (r.where ? r.where + " " : "") + r.message);
        })) : null,
        f.suppressed ? el("div", { "class": "muted" }, W.suppressed + ": " + f.suppressed) : null);
      return el("tr", {
        "class": "finding" + (f.suppressed ? " suppressed" : ""), "data-code": f.code,
        "data-severity": f.severity
      },
        el("td", { "class": "where" }, f.where),
        el("td", { "class": "severity" }, el("span", { "class": "sev sev-" + f.severity }, word(f.severity)),
          f.outcome !== "fail" ? el("div", { "class": "muted" }, word(f.outcome)) : null),
        el("td", null, el("strong", null, ruleLink(f.code, f.code)), el("div", { "class": "muted" }, f.name)),
        el("td", { "class": "path" }, f.path),
        message);
    });
    return el("table", { "class": "grid findings" }, el("thead", null, head), el("tbody", null, rows));
  }

  function renderReport(v) {
    var r = v.report;
    var facts = [r.body, r.year ? W.year + " " + r.year : null, r.format ? W.format + " " + r.format : null,
      word(r.status)].filter(function (x) { return x; }).join(" · ");
    var c = r.counts;
    var marks = highlights(v.findings);
    return el("details", {
      id: "report-" + v.index,
      "class": "report " + (r.failed ? "report-failed" : "report-passed"), "data-path": r.path,
      "data-body": bodyOf(r), open: v.findings.length ? "" : null
    },
      el("summary", null,
        el("span", { "class": "verdict " + (r.failed ? "failed" : "passed") }, r.failed ? W.failed : W.passed),
        " ", el("strong", { "class": "report-path" }, r.path), " ",
        el("span", { "class": "muted" }, facts), " ",
        DATA.severities.map(function (s) {
          return c[s] ? el("span", { "class": "sev sev-" + s }, word(s) + " " + c[s]) : null;
        })),
      r.title ? el("p", { "class": "report-title" }, r.title) : null,
      renderFindings(v.findings),
      r.tables.length ? r.tables.map(function (t) { return renderTable(t, marks); })
        : el("p", { "class": "muted" }, W.no_tables));
  }

  // -- the reports at a glance (sortable) ---------------------------------------------------

  var REPORT_COLUMNS = [
    { key: "path", label: W.file, type: "text", value: function (r) { return r.path; } },
    { key: "body", label: W.body, type: "text", value: function (r) { return r.body || ""; } },
    { key: "year", label: W.year, type: "num", value: function (r) { return r.year; } },
    { key: "format", label: W.format, type: "text", value: function (r) { return r.format || ""; } },
    { key: "verdict", label: W.verdict, type: "num", value: function (r) { return r.failed ? 1 : 0; } },
    { key: "error", label: word("error"), type: "num", value: function (r) { return r.counts.error; } },
    { key: "warning", label: word("warning"), type: "num", value: function (r) { return r.counts.warning; } }
  ];
  var sortState = { key: null, dir: 1 };

  function compareBy(column, dir) {
    return function (a, b) {
      var x = column.value(a.report), y = column.value(b.report);
      var empty = function (v) { return v === null || v === undefined || v === ""; };
      if (empty(x) || empty(y)) return empty(x) === empty(y) ? a.index - b.index : (empty(x) ? 1 : -1);
      var c = column.type === "num" ? x - y : String(x).localeCompare(String(y), DATA.lang === "en" ? "en" : "zh-CN");
      return c !== 0 ? c * dir : a.index - b.index;
    };
  }

  function showReport(index) {
    var target = document.getElementById("report-" + index);
    if (!target) {  // filtered out: clear the filters first
      state.severity = state.rule = state.body = "";
      ["filter-severity", "filter-rule", "filter-body"].forEach(function (id) {
        document.getElementById(id).value = "";
      });
      render();
      target = document.getElementById("report-" + index);
    }
    if (target) {
      target.open = true;
      target.scrollIntoView();
    }
  }

  function reportsTableBody() {
    var items = DATA.reports.map(function (report, index) { return { report: report, index: index }; });
    if (sortState.key) {
      var column = REPORT_COLUMNS.filter(function (c) { return c.key === sortState.key; })[0];
      items.sort(compareBy(column, sortState.dir));
    }
    return el("tbody", null, items.map(function (item) {
      var r = item.report;
      var link = el("a", { href: "#report-" + item.index, title: W.open_report, "class": "report-link" }, r.path);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        showReport(item.index);
      });
      var verdict = [el("span", { "class": "verdict " + (r.failed ? "failed" : "passed") }, r.failed ? W.failed : W.passed)];
      if (r.status !== "checked") verdict.push(el("div", { "class": "muted" }, word(r.status)));
      return el("tr", { "data-path": r.path },
        el("td", { "class": "file" }, link),
        el("td", null, r.body || ""),
        el("td", { "class": "num" }, r.year === null ? "" : r.year),
        el("td", null, r.format || ""),
        el("td", { "class": "verdict-cell" }, verdict),
        el("td", { "class": "num" }, r.counts.error),
        el("td", { "class": "num" }, r.counts.warning));
    }));
  }

  function reportsTable() {
    var table = el("table", { "class": "grid sortable", id: "reports-table" });
    var head = el("tr", null, REPORT_COLUMNS.map(function (column) {
      var sorted = sortState.key === column.key;
      var button = el("button", { type: "button", "class": "sort", "data-sort": column.key }, column.label,
        el("span", { "class": "sort-mark", "aria-hidden": "true" }, sorted ? (sortState.dir > 0 ? " ▲" : " ▼") : ""));
      button.addEventListener("click", function () {
        sortState = { key: column.key, dir: sorted ? -sortState.dir : 1 };
        var fresh = reportsTable();
        table.parentNode.replaceChild(fresh, table);
      });
      return el("th", {
        scope: "col", "class": column.type === "num" && column.key !== "verdict" ? "num" : null,
        "aria-sort": sorted ? (sortState.dir > 0 ? "ascending" : "descending") : "none"
      }, button);
    }));
    table.appendChild(el("thead", null, head));
    table.appendChild(reportsTableBody());
    return table;
  }

  // -- the reference of the rules shown -------------------------------------------------------

  function ruleReference() {
    var codes = Object.keys(DATA.rules).sort();
    if (!codes.length) return null;
    return el("section", { id: "rule-reference" }, el("h2", null, W.rule_reference),
      codes.map(function (code) {
        var rule = DATA.rules[code];
        return el("div", { "class": "rule", id: ruleAnchor(code) },
          el("h3", null, code + " ", el("span", { "class": "rule-name" }, rule.name), " — " + rule.title),
          rule.severity ? el("p", null, el("span", { "class": "sev sev-" + rule.severity }, word(rule.severity))) : null,
          rule.citation ? el("p", null, el("strong", null, W.citation + W.colon), rule.citation) : null,
          rule.rationale ? el("p", null, el("strong", null, W.rationale + W.colon), rule.rationale) : null,
          rule.example ? el("p", null, el("strong", null, W.example + W.colon), rule.example) : null,
          rule.url && safeUrl(rule.url) ? el("p", null, el("a", { href: safeUrl(rule.url), rel: "noopener noreferrer" }, rule.url)) : null);
      }));
  }

  // -- page ----------------------------------------------------------------------------------

  var app = document.getElementById("app");
  var dynamic = el("div", { id: "dynamic" });
  app.appendChild(el("header", null, el("h1", null, W.doc_title),
    el("p", { "class": "muted" }, W.tool + ": " + DATA.tool.name + " " + DATA.tool.version)));
  app.appendChild(runSummary());
  app.appendChild(el("section", { id: "reports" }, el("h2", null, W.reports_table),
    el("p", { "class": "muted" }, W.sort_hint), reportsTable()));
  app.appendChild(controls());
  app.appendChild(dynamic);
  var reference = ruleReference();
  if (reference) app.appendChild(reference);

  function render() {
    var visible = visibleReports();
    while (dynamic.firstChild) dynamic.removeChild(dynamic.firstChild);
    document.getElementById("shown-count").textContent =
      W.shown + " " + visible.length + " / " + DATA.reports.length;
    dynamic.appendChild(byBody(visible));
    dynamic.appendChild(byRule(visible));
    var details = el("section", { id: "details" }, el("h2", null, W.details));
    if (!visible.length) details.appendChild(el("p", { "class": "muted" }, W.nothing_shown));
    visible.forEach(function (v) { details.appendChild(renderReport(v)); });
    dynamic.appendChild(details);
  }

  render();
  document.documentElement.setAttribute("data-rendered", "1");
})();

// disclosure-lint serve: filters and sorting on the overview, review forms on a report's page.
// Text from reports reaches the DOM only through textContent; requests go to the app's own API.
(function () {
  "use strict";
  var W = JSON.parse(document.body.getAttribute("data-words") || "{}");

  // -- overview -------------------------------------------------------------------------------
  function applyFilters() {
    var want = {};
    document.querySelectorAll("select[data-filter]").forEach(function (s) {
      want[s.getAttribute("data-filter")] = s.value;
    });
    var rows = document.querySelectorAll("#reports tbody tr.report");
    var shown = 0;
    rows.forEach(function (row) {
      var ok = (!want.body || row.getAttribute("data-body") === want.body) &&
        (!want.year || row.getAttribute("data-year") === want.year);
      if (ok && (want.severity || want.rule || want.review)) {
        var items = (row.getAttribute("data-items") || "").split(" ").filter(Boolean);
        ok = items.some(function (item) {
          var p = item.split("|");
          return (!want.severity || p[0] === want.severity) && (!want.rule || p[1] === want.rule) &&
            (!want.review || p[2] === want.review);
        });
      }
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    var count = document.getElementById("shown-count");
    if (count) count.textContent = (count.getAttribute("data-label") || "") + " " + shown + " / " + rows.length;
  }

  function sortBy(th) {
    var table = th.closest("table");
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-sort") === "number";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-value") || "";
      var y = b.cells[index].getAttribute("data-value") || "";
      var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, "zh-CN");
      return ascending ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  // -- report page ----------------------------------------------------------------------------
  function reviewerName() {
    try { return window.localStorage.getItem("dl-reviewer") || ""; } catch (e) { return ""; }
  }

  function rememberReviewer(name) {
    try { window.localStorage.setItem("dl-reviewer", name); } catch (e) { /* private mode */ }
  }

  function showDecision(item, data) {
    var review = data.review || {};
    item.setAttribute("data-review", review.status);
    var status = item.querySelector(".review-status");
    status.textContent = W[review.status] || review.status;
    status.className = "rev rev-" + review.status + " review-status";
    item.querySelector(".review-reason").textContent = review.reason || "";
    item.querySelector(".review-by").textContent = review.reviewer ?
      " — " + (W.decided_by || "") + " " + review.reviewer + ", " + review.decided : "";
  }

  function submit(form, status) {
    var item = form.closest("li.finding");
    var message = form.querySelector(".form-message");
    var reviewer = form.querySelector("input[name=reviewer]").value.trim();
    var reason = form.querySelector("textarea[name=reason]").value.trim();
    message.textContent = "";
    message.className = "form-message";
    if (status === "dismissed" && reason.length < 2) {
      message.textContent = W.reason_hint || "";
      message.className = "form-message error";
      return;
    }
    rememberReviewer(reviewer);
    var id = form.getAttribute("data-id");
    var body = status === "open" ? { reviewer: reviewer } : { status: status, reason: reason, reviewer: reviewer };
    fetch("/api/findings/" + encodeURIComponent(id) + "/review", {
      method: status === "open" ? "DELETE" : "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      if (!answer.ok) {
        message.textContent = answer.data.error || String(answer.data.status);
        message.className = "form-message error";
        return;
      }
      showDecision(item, answer.data);
      message.textContent = W.saved || "";
      message.className = "form-message ok";
    }).catch(function (error) {
      message.textContent = String(error);
      message.className = "form-message error";
    });
  }

  function ensureStatusElements(item) {
    var state = item.querySelector(".review-state");
    ["review-status", "review-reason", "review-by"].forEach(function (name) {
      if (!state.querySelector("." + name)) {
        var span = document.createElement("span");
        span.className = name;
        state.appendChild(span);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-filter]").forEach(function (s) {
      s.addEventListener("change", applyFilters);
    });
    if (document.getElementById("reports")) applyFilters();
    document.querySelectorAll("table.sortable th[data-sort]").forEach(function (th) {
      th.addEventListener("click", function () { sortBy(th); });
    });
    var name = reviewerName();
    document.querySelectorAll("form.review").forEach(function (form) {
      var input = form.querySelector("input[name=reviewer]");
      if (!input.value) input.value = name;
      ensureStatusElements(form.closest("li.finding"));
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      form.querySelectorAll("button[data-status]").forEach(function (button) {
        button.addEventListener("click", function () { submit(form, button.getAttribute("data-status")); });
      });
    });
    var selected = document.querySelector("li.finding.selected");
    // scroll inside the two panels only, so the page header stays in view
    var panel = document.querySelector(".findings-panel");
    if (selected && panel) panel.scrollTop = selected.offsetTop - panel.offsetTop - 40;
    var viewer = document.querySelector(".viewer-body");
    var target = document.querySelector(".viewer .hl-target");
    if (target && viewer) {
      var top = target.getBoundingClientRect().top - viewer.getBoundingClientRect().top;
      viewer.scrollTop += top - viewer.clientHeight / 3;
    }
    document.documentElement.setAttribute("data-ready", "1");
  });
})();

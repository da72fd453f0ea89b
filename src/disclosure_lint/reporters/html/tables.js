// disclosure-lint HTML batch report: 表二, 表三 and 表四 drawn as the official format prints them.
// Included into report.js where it says so (it uses the page's el, word, W and cellKey).
  // -- the tables, as the official format draws them ----------------------------------------

  function labelDepth(nodes) {
    var depth = 0;
    (nodes || []).forEach(function (n) {
      depth = Math.max(depth, (n.label ? 1 : 0) + labelDepth(n.children));
    });
    return depth;
  }

  function leafNodes(node) {
    if (!node.children) return [node];
    var out = [];
    node.children.forEach(function (c) { out = out.concat(leafNodes(c)); });
    return out;
  }

  function leavesOf(nodes) {
    var out = [];
    nodes.forEach(function (n) { out = out.concat(leafNodes(n)); });
    return out;
  }

  // Header rows of a column tree: a group spans its leaves, a leaf spans down to the last row.
  function headerRows(columns, depth, lastSpan) {
    var rows = [];
    for (var i = 0; i < depth; i++) rows.push([]);
    var last = leavesOf(columns);
    last = last.length ? last[last.length - 1] : null;
    function walk(node, level) {
      if (node.children) {
        var below = node.label ? level + 1 : level;
        if (node.label) {
          rows[level].push(el("th", { colspan: leafNodes(node).length + (leafNodes(node).indexOf(last) >= 0 ? lastSpan - 1 : 0),
            "class": "col-group", scope: "colgroup" }, node.label));
        }
        node.children.forEach(function (c) { walk(c, below); });
      } else {
        rows[level].push(el("th", { rowspan: depth - level, colspan: node === last ? lastSpan : null,
          "class": "col-leaf", scope: "col", "data-column": node.key }, node.label));
      }
    }
    columns.forEach(function (n) { walk(n, 0); });
    return rows;
  }

  // For each leaf row, the label cells that start on it: its groups (spanning their rows) and
  // its own label (spanning the label columns left).
  function rowPlan(rows, depth) {
    var plan = [];
    function walk(node, level, pending) {
      if (node.children) {
        var heads = pending.slice();
        if (node.label) heads.push(el("th", { rowspan: leafNodes(node).length, scope: "rowgroup", "class": "row-group" }, node.label));
        node.children.forEach(function (c, i) { walk(c, node.label ? level + 1 : level, i === 0 ? heads : []); });
      } else {
        var own = pending.slice();
        if (depth > 0) {
          own.push(el("th", { colspan: depth - level > 1 ? depth - level : null, scope: "row", "class": "row-leaf" }, node.label));
        }
        plan.push({ key: node.key, heads: own });
      }
    }
    rows.forEach(function (n) { walk(n, 0, []); });
    return plan;
  }

  function dataCell(table, rowKey, colKey, marks, span) {
    var cell = null;
    table.rows.forEach(function (r) { if (r.key === rowKey) cell = r.cells[colKey] || null; });
    if (!cell) return el("td", { "class": "absent", colspan: span > 1 ? span : null }, "");
    var mark = marks[cellKey([table.key, rowKey, colKey])];
    var tip = W.value + ": " + (cell.value === null ? "—" : cell.value) + " · " + W.reason + ": " +
      word("reason-" + cell.reason) + (cell.where ? " · " + cell.where : "");
    if (mark) tip += " · " + mark.codes.join(", ");
    var classes = "cell reason-" + cell.reason + (mark ? " fail hl-" + mark.severity : "");
    return el("td", {
      "class": classes, title: tip, colspan: span > 1 ? span : null, "data-table": table.key,
      "data-row": rowKey, "data-column": colKey, "data-codes": mark ? mark.codes.join(" ") : null
    }, cell.raw === null ? W.not_found : cell.raw.trim());
  }

  function renderTable(table, marks) {
    var caption = el("caption", null, table.name + " " + table.title + (table.where ? " · " + table.where : ""));
    if (!table.present) {
      return el("div", { "class": "table-block" }, el("table", { "class": "grid report-table" }, caption),
        el("p", { "class": "muted" }, W.table_absent));
    }
    var blocks = table.blocks || [];
    var labelCols = 0, dataCols = 1;
    blocks.forEach(function (b) {
      labelCols = Math.max(labelCols, labelDepth(b.rows));
      dataCols = Math.max(dataCols, leavesOf(b.columns).length);
    });
    var width = labelCols + dataCols;
    var body = [];
    blocks.forEach(function (b) {
      var leaves = leavesOf(b.columns);
      var lastSpan = dataCols - leaves.length + 1;
      var depth = Math.max(1, labelDepth(b.columns));
      if (b.caption) {
        body.push(el("tr", { "class": "block-caption" }, el("th", { colspan: width, scope: "colgroup" }, b.caption)));
      }
      var header = headerRows(b.columns, depth, lastSpan);
      if (b.over_columns) {
        header.unshift([el("th", { colspan: dataCols, "class": "col-group", scope: "colgroup" }, b.over_columns)]);
      }
      if (labelCols > 0) {
        header[0].unshift(el("th", { rowspan: header.length, colspan: labelCols > 1 ? labelCols : null, "class": "corner" },
          b.corner || ""));
      }
      header.forEach(function (cells) { body.push(el("tr", { "class": "col-head" }, cells)); });
      rowPlan(b.rows, labelCols).forEach(function (row) {
        body.push(el("tr", { "data-row": row.key }, row.heads, leaves.map(function (leaf) {
          return dataCell(table, row.key, leaf.key, marks, leaf === leaves[leaves.length - 1] ? lastSpan : 1);
        })));
      });
    });
    return el("div", { "class": "table-block" },
      el("table", { "class": "grid report-table", "data-table": table.key }, caption, el("tbody", null, body)));
  }

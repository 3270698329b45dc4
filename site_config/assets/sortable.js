/*
 * Metodekataloget: sortable tables (the methods table on /metoder/). A static file, no
 * inline script. A table marked data-mk-sortable is complete and in its default order
 * without JavaScript; this script turns each heading with data-sort-col into a button
 * that sorts the body rows by that column (numbers: most first; text: A-Å), a second
 * press reverses, and "Standardrækkefølge" puts the page's own order back. The change is
 * announced in the role="status" paragraph with the id <table id>-status.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator("da", { sensitivity: "base", numeric: true });

  function setup(table) {
    var tbody = table.tBodies[0];
    if (!tbody) return;
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.forEach(function (row, i) { row.dataset.order = String(i); });
    var status = document.getElementById(table.id + "-status");
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th[data-sort-col]"));
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button mk-sort-reset";
    reset.textContent = "Standardrækkefølge";
    reset.hidden = true;
    table.parentNode.parentNode.insertBefore(reset, table.parentNode);

    function value(row, col) {
      var cell = row.cells[col];
      var raw = cell.getAttribute("data-sort");
      if (raw === null) raw = cell.textContent.trim();
      return raw;
    }

    function announce(text) { if (status) status.textContent = text; }

    function sort(th, direction) {
      var col = Number(th.getAttribute("data-sort-col"));
      var text = th.getAttribute("data-sort-type") === "text";
      var sign = direction === "ascending" ? 1 : -1;
      var sorted = rows.slice().sort(function (a, b) {
        var x = value(a, col), y = value(b, col);
        var d = text ? collator.compare(x, y) : (Number(x) || 0) - (Number(y) || 0);
        return d * sign || Number(a.dataset.order) - Number(b.dataset.order);
      });
      sorted.forEach(function (row) { tbody.append(row); });
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", direction);
      reset.hidden = false;
      announce("Sorteret efter " + th.textContent.trim() + ", " +
        (direction === "ascending" ? (text ? "A-Å" : "færrest først") : (text ? "Å-A" : "flest først")) + ".");
    }

    heads.forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "mk-sortable__button";
      while (th.firstChild) button.append(th.firstChild);
      th.append(button);
      button.addEventListener("click", function () {
        var text = th.getAttribute("data-sort-type") === "text";
        var now = th.getAttribute("aria-sort");
        var next = now ? (now === "ascending" ? "descending" : "ascending") : (text ? "ascending" : "descending");
        sort(th, next);
      });
    });

    reset.addEventListener("click", function () {
      rows.forEach(function (row) { tbody.append(row); });
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      reset.hidden = true;
      announce("Standardrækkefølgen: mest dokumenteret viden først.");
      if (heads[0]) heads[0].querySelector("button").focus();
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-mk-sortable]"), setup);
})();

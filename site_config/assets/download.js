/*
 * Metodekataloget: "Hent det, du ser, som CSV" on /katalog/. A static file, no inline
 * script, no eval. Without JavaScript (or with no filter chosen) the link downloads
 * data/projects.csv with every project. With filters chosen, the download is the rows of
 * projects.csv for exactly the projects the filters give: all of them, also those not yet
 * shown ("Vis flere"), in the same columns as the full file.
 *
 * It relies on search.js's contract: the rows a reader sees are the <tr id="p-<slug>">
 * of table#katalog > tbody without `hidden`, and every change dispatches `mk:katalog`
 * with detail {filters, total, complete, loadAll}. All text comes from data-t-* on the link.
 */
(function () {
  "use strict";

  var link = document.getElementById("mk-csv");
  var table = link && document.getElementById(link.getAttribute("data-table"));
  var note = document.getElementById("mk-csv-note");
  if (!table || !note || !window.fetch || !window.Blob || !window.URL) return;
  var fmt = new Intl.NumberFormat("da-DK");
  var last = null; // the latest mk:katalog detail

  function filtered() {
    return !!last && Object.keys(last.filters).length > 0;
  }

  table.addEventListener("mk:katalog", function (event) {
    last = event.detail;
    note.textContent = filtered()
      ? link.getAttribute("data-t-some").replace("{n}", fmt.format(last.total))
      : link.getAttribute("data-t-all");
  });

  // Raw CSV records, line ends kept: a quoted field may hold commas and line breaks.
  function records(text) {
    var out = [], start = 0, quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c === '"') quoted = !quoted;
      else if (c === "\n" && !quoted) {
        out.push(text.slice(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length) out.push(text.slice(start));
    return out;
  }

  function save(parts) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob(parts, { type: "text/csv;charset=utf-8" }));
    a.download = link.getAttribute("data-filename");
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
  }

  link.addEventListener("click", function (event) {
    if (!filtered()) return; // no filter: the whole file, as the link says
    event.preventDefault();
    var detail = last;
    (detail.complete ? Promise.resolve() : detail.loadAll())
      .then(function () { return fetch(link.href); })
      .then(function (response) {
        if (!response.ok) throw new Error(response.statusText);
        return response.text(); // decoding drops the BOM; save() puts it back
      })
      .then(function (text) {
        var wanted = {};
        Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
          if (!tr.hidden && tr.id.indexOf("p-") === 0) wanted[tr.id.slice(2)] = true;
        });
        var all = records(text);
        var rows = all.slice(1).filter(function (r) { return wanted[r.slice(0, r.indexOf(","))]; });
        save(["\ufeff", all[0]].concat(rows));
      })
      .catch(function () { window.location.href = link.href; });
  });
})();

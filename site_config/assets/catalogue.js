/*
 * Metodekataloget: the catalogue facets (/katalog/) on Pagefind's JS API (the small
 * pagefind-katalog/ bundle: one record per project). Needs pagefind-client.js before it.
 *
 * Catalogue contract for other scripts (e.g. "download what I see as CSV"):
 *  - The rows a reader sees are the <tr> elements of table#katalog > tbody without the
 *    `hidden` attribute. This script never hides rows: with filters it replaces the
 *    server-rendered rows by rows built from Pagefind results (same cells, same text);
 *    "Ryd alle" puts the server rows back.
 *  - After every change it dispatches a `mk:katalog` CustomEvent (bubbles) on
 *    table#katalog with detail {filters, total, shown, complete, loadAll}:
 *    `total` projects match, the first `shown` of them are rows in the tbody,
 *    `complete` is shown === total, and `await detail.loadAll()` renders the rest
 *    (and dispatches the event again).
 */
(function () {
  "use strict";

  var mk = window.Metodekataloget;
  if (!mk) return; // pagefind-client.js did not run (an old browser): the page works without
  var ROOT = mk.root, fmt = mk.fmt, collator = mk.collator, pagefind = mk.pagefind, el = mk.el, link = mk.link,
    plural = mk.plural;

  function initFacets(box) {
    var table = document.getElementById("katalog");
    if (!table || !table.tBodies.length) return;
    var tbody = table.tBodies[0];
    var caption = table.caption;
    var captionText = caption ? caption.textContent : "";
    var serverRows = Array.prototype.slice.call(tbody.rows);
    var pager = document.querySelector(".mk-pager");
    var facets = JSON.parse(box.getAttribute("data-facets"));
    var total = Number(box.getAttribute("data-total"));
    var notStated = box.getAttribute("data-not-stated");
    var bundle = box.getAttribute("data-bundle") || "pagefind/";
    var all = box.getAttribute("data-all") || null; // the word every record has (see _search.j2)
    var status = box.querySelector(".mk-facets__status");
    var BATCH = 50;
    var seq = 0;
    var state = {};          // facet key → array of selected values (in click order)
    var totals = null;       // pf.filters(): facet key → {value: count}
    var results = [];
    var shown = 0;
    var ui = {};             // facet key → {fieldset, list, items: {value: {li, input, count}}}

    facets.forEach(function (f) { state[f.key] = []; });

    // --- building the panel
    var heading = el("h2", "mk-facets__heading", "Filtrér projekterne");
    heading.id = "mk-facets-heading";
    heading.tabIndex = -1;
    var help = el("p", "mk-note", "Vælg en eller flere værdier. Inden for en gruppe er det nok, at én passer; " +
      "på tværs af grupperne skal alle passe. Tallet er antallet af projekter, du får ved at vælge værdien.");
    help.id = "mk-facets-help";
    // On a narrow screen the value lists start folded away behind "Vis filtre".
    var panel = el("details", "mk-facets__panel");
    var summary = el("summary", "mk-facets__summary", "Vis filtre");
    panel.append(summary);
    panel.addEventListener("toggle", function () {
      summary.textContent = panel.open ? "Skjul filtre" : "Vis filtre";
    });
    var form = el("form", "mk-facets__form");
    form.setAttribute("aria-labelledby", "mk-facets-heading");
    form.setAttribute("aria-describedby", "mk-facets-help");
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    var groups = el("div", "mk-facets__groups");
    form.append(groups);
    var active = el("div", "mk-facets__active");
    active.hidden = true;
    var activeLabel = el("p", "mk-facets__active-label", "Valgte filtre:");
    activeLabel.id = "mk-facets-active-label";
    var activeList = el("ul", "mk-facets__chips");
    activeList.setAttribute("aria-labelledby", "mk-facets-active-label");
    var clear = el("button", "md-button mk-facets__clear", "Ryd alle");
    clear.type = "button";
    active.append(activeLabel, activeList, clear);
    var moreWrap = el("p", "mk-facets__more");
    var more = el("button", "md-button", "Vis flere");
    more.type = "button";
    moreWrap.append(more);
    moreWrap.hidden = true;

    function ordered(f, values) {
      var order = f.order || [];
      return values.slice().sort(function (a, b) {
        if (a === notStated || b === notStated) return (a === notStated) - (b === notStated);
        var ia = order.indexOf(a), ib = order.indexOf(b);
        if (ia !== -1 || ib !== -1) return (ia === -1 ? 1e9 : ia) - (ib === -1 ? 1e9 : ib);
        return collator.compare(a, b);
      });
    }

    function addValue(f, value) {
      var u = ui[f.key];
      if (u.items[value]) return u.items[value];
      var n = Object.keys(u.items).length;
      var li = el("li", "mk-facet__value");
      var input = el("input");
      input.type = "checkbox";
      input.name = f.key;
      input.value = value;
      input.id = "mk-f-" + f.key + "-" + n;
      var label = el("label", null, value + " ");
      label.htmlFor = input.id;
      var count = el("span", "mk-facet__count");
      label.append(count);
      li.append(input, label);
      input.addEventListener("change", function () {
        var sel = state[f.key];
        var i = sel.indexOf(value);
        if (input.checked && i === -1) sel.push(value);
        if (!input.checked && i !== -1) sel.splice(i, 1);
        update(true);
      });
      u.items[value] = { li: li, input: input, count: count };
      return u.items[value];
    }

    function buildGroups() {
      facets.forEach(function (f) {
        var fs = el("fieldset", "mk-facet");
        fs.setAttribute("data-facet", f.key);
        fs.append(el("legend", null, f.legend));
        var list = el("ul", "mk-facet__values");
        fs.append(list);
        groups.append(fs);
        ui[f.key] = { fieldset: fs, list: list, items: {} };
        ordered(f, Object.keys(totals[f.key] || {})).forEach(function (v) {
          list.append(addValue(f, v).li);
        });
      });
    }

    // --- state and URL
    function fromUrl() {
      var params = new URLSearchParams(location.search);
      facets.forEach(function (f) {
        state[f.key] = params.getAll(f.key).filter(function (v, i, a) { return v && a.indexOf(v) === i; });
      });
    }

    function toUrl() {
      var params = new URLSearchParams();
      facets.forEach(function (f) {
        state[f.key].forEach(function (v) { params.append(f.key, v); });
      });
      var qs = params.toString();
      return location.pathname + (qs ? "?" + qs : "");
    }

    function selected() {
      return facets.filter(function (f) { return state[f.key].length; });
    }

    function filtersFor(except) {
      var out = {};
      facets.forEach(function (f) {
        if (f.key !== except && state[f.key].length) out[f.key] = { any: state[f.key].slice() };
      });
      return out;
    }

    // --- rendering
    function renderCounts(counts) {
      facets.forEach(function (f) {
        var u = ui[f.key];
        state[f.key].forEach(function (v) {
          if (!u.items[v]) u.list.append(addValue(f, v).li); // a value from the URL the index does not know
        });
        var visible = 0;
        Object.keys(u.items).forEach(function (v) {
          var it = u.items[v];
          var n = (counts[f.key] || {})[v] || 0;
          var on = state[f.key].indexOf(v) !== -1;
          it.input.checked = on;
          it.count.textContent = "(" + fmt.format(n) + ")";
          it.li.hidden = n === 0 && !on;
          if (!it.li.hidden) visible++;
        });
        u.fieldset.hidden = visible === 0;
      });
    }

    function renderActive() {
      var had = active.contains(document.activeElement);
      activeList.replaceChildren();
      selected().forEach(function (f) {
        state[f.key].forEach(function (v) {
          var li = el("li", "mk-facets__chip", f.legend + ": " + v + " ");
          var b = el("button", "mk-facets__remove");
          b.type = "button";
          var x = el("span", null, "×");
          x.setAttribute("aria-hidden", "true");
          b.append(x, el("span", "mk-sr-only", "Fjern filteret " + f.legend + ": " + v));
          b.addEventListener("click", function () {
            state[f.key] = state[f.key].filter(function (s) { return s !== v; });
            update(true);
          });
          li.append(b);
          activeList.append(li);
        });
      });
      active.hidden = !activeList.children.length;
      if (had && (active.hidden || !active.contains(document.activeElement))) {
        var next = activeList.querySelector("button") || heading;
        next.focus();
      }
    }

    function row(data) {
      var cells = JSON.parse(data.meta.rad);
      var tr = el("tr");
      var slug = data.url.replace(/\/$/, "").split("/").pop();
      tr.id = "p-" + slug;
      var th = el("th");
      th.scope = "row";
      th.append(link(data.url, data.meta.title));
      tr.append(th);
      cells.forEach(function (c) {
        var td = el("td");
        if (typeof c === "string") {
          td.textContent = c;
        } else if (c.links) {
          c.links.forEach(function (pair, i) {
            if (i) td.append(", ");
            td.append(link(new URL(pair[1], ROOT).pathname, pair[0]));
          });
        } else if (c.level) {
          td.append(el("span", "mk-level mk-level--" + c.level.replace(/é/g, "e"), c.text));
        }
        tr.append(td);
      });
      return tr;
    }

    function announce() {
      var text;
      if (!selected().length) {
        text = serverRows.length < total
          ? "Ingen filtre valgt. Tabellen viser " + fmt.format(serverRows.length) + " af " +
            plural(total, "projekt", "projekter") + " (én side ad gangen)."
          : "Ingen filtre valgt. Tabellen viser alle " + plural(total, "projekt", "projekter") + ".";
      } else if (!results.length) {
        text = "Ingen projekter matcher filtrene. Fjern et filter, eller vælg Ryd alle.";
      } else {
        text = plural(results.length, "projekt matcher", "projekter matcher") + " filtrene.";
        if (shown < results.length) text += " Tabellen viser de første " + fmt.format(shown) + ".";
      }
      status.textContent = text;
    }

    function dispatch() {
      var filtered = selected().length > 0;
      var detail = {
        filters: filtersFor(null),
        total: filtered ? results.length : total,
        shown: tbody.rows.length,
        complete: filtered ? shown >= results.length : serverRows.length >= total,
        loadAll: function () { return filtered ? loadMore(seq, Infinity, false) : Promise.resolve(); },
      };
      table.dispatchEvent(new CustomEvent("mk:katalog", { bubbles: true, detail: detail }));
    }

    function loadMore(my, count, focus) {
      var batch = results.slice(shown, shown + count);
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
        if (my !== seq) return;
        var rows = datas.map(row);
        rows.forEach(function (tr) { tbody.append(tr); });
        shown += rows.length;
        var left = results.length - shown;
        moreWrap.hidden = left <= 0;
        more.textContent = "Vis " + fmt.format(Math.min(BATCH, left)) + " flere projekter (" + fmt.format(left) + " tilbage)";
        table.removeAttribute("aria-busy");
        announce();
        dispatch();
        if (focus && rows.length) rows[0].querySelector("a").focus();
      });
    }

    function update(push) {
      var my = ++seq;
      if (push) history.pushState({ mkFacets: true }, "", toUrl());
      renderActive();
      if (!selected().length) {
        results = [];
        shown = 0;
        tbody.replaceChildren.apply(tbody, serverRows);
        if (caption) caption.textContent = captionText;
        if (pager) pager.hidden = false;
        moreWrap.hidden = true;
        table.removeAttribute("aria-busy");
        renderCounts(totals);
        announce();
        dispatch();
        return Promise.resolve();
      }
      table.setAttribute("aria-busy", "true");
      return pagefind(bundle).then(function (pf) {
        var main = pf.search(all, { filters: filtersFor(null), sort: { titel: "asc" } });
        var others = facets.map(function (f) {
          if (!state[f.key].length) return null;
          var rest = filtersFor(f.key);
          return Object.keys(rest).length ? pf.search(all, { filters: rest }) : null;
        });
        return Promise.all([main].concat(others));
      }).then(function (searches) {
        if (my !== seq) return;
        var main = searches[0];
        var counts = {};
        facets.forEach(function (f, i) {
          var own = searches[i + 1];
          counts[f.key] = !state[f.key].length ? main.filters[f.key]
            : own ? own.filters[f.key] : totals[f.key];
        });
        renderCounts(counts);
        results = main.results;
        shown = 0;
        tbody.replaceChildren();
        if (caption) caption.textContent = "Projekter, der matcher filtrene (" + fmt.format(results.length) + ")";
        if (pager) pager.hidden = true;
        return loadMore(my, BATCH, false);
      });
    }

    function fail(err) {
      if (window.console) console.error(err);
      box.replaceChildren(el("p", "mk-note", "Filtrene kunne ikke indlæses. Tabellen viser alle projekter."));
      tbody.replaceChildren.apply(tbody, serverRows);
    }

    more.addEventListener("click", function () { loadMore(seq, BATCH, true); });
    clear.addEventListener("click", function () {
      facets.forEach(function (f) { state[f.key] = []; });
      update(true).then(function () { heading.focus(); });
    });
    window.addEventListener("popstate", function () {
      fromUrl();
      update(false).catch(fail);
    });

    fromUrl();
    status.textContent = "Filtrene indlæses …";
    pagefind(bundle).then(function (pf) {
      return pf.filters();
    }).then(function (all) {
      totals = all;
      var nojs = box.querySelector(".mk-facets__nojs");
      if (nojs) nojs.remove();
      buildGroups();
      panel.open = window.matchMedia("(min-width: 45em)").matches || selected().length > 0;
      panel.append(help, form);
      box.insertBefore(heading, status);
      box.insertBefore(panel, status);
      box.insertBefore(active, status);
      table.closest(".mk-table-wrap").after(moreWrap);
      return update(false);
    }).catch(fail);
  }

  function start() {
    var f = document.getElementById("mk-facets");
    if (f) initFacets(f);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

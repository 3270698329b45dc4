/*
 * Metodekataloget: the catalogue table on /katalog/ — facets, a text filter and sorting by
 * every column — on Pagefind's JS API (the small pagefind-katalog/ bundle: one record per
 * project). Needs pagefind-client.js before it. Without JavaScript the page is the
 * server-rendered table, in title order, page by page.
 *
 * The state is in the URL: one parameter per facet value (?maalgruppe=Unge&niveau=Idé),
 * `tekst` for the text filter and `sorter`/`retning` for the sort (left out for the
 * default: by project, A–Å). Within a facet the values are OR-ed, across facets and the
 * text AND-ed. Sorting uses the records' sort keys (generator/ordering.py): projects
 * whose value a column does not know come after the others, by title, either way.
 *
 * Catalogue contract for other scripts (download.js):
 *  - The rows a reader sees are the <tr> elements of table#katalog > tbody. With a filter,
 *    a text or another sort this script replaces the server-rendered rows by rows built
 *    from Pagefind results (same cells, same text); back in the default state it puts the
 *    server rows back.
 *  - After every change it dispatches a `mk:katalog` CustomEvent (bubbles) on
 *    table#katalog with detail {all, total, shown, complete, ids}: `all` is true when the
 *    rows are every project in the catalogue's own order, `total` projects match, the
 *    first `shown` of them are rows in the tbody, `complete` is shown === total, and
 *    `await detail.ids()` gives the slugs of all `total` projects in the order shown, or
 *    null when that is every project in the catalogue's own order.
 */
(function () {
  "use strict";

  var mk = window.Metodekataloget;
  if (!mk) return; // pagefind-client.js did not run (an old browser): the page works without
  var ROOT = mk.root, fmt = mk.fmt, collator = mk.collator, pagefind = mk.pagefind, el = mk.el, link = mk.link,
    plural = mk.plural;
  var TEXT = "tekst", SORT = "sorter", DIRECTION = "retning";
  var WORDS = { ascending: "stigende", descending: "faldende" };
  var PAGEFIND = { ascending: "asc", descending: "desc" };
  var DEFAULT_SORT = "projekt";

  // The table row travels packed in the record (generator/pages.py `packed`): each UTF-8
  // byte as the Braille pattern U+2800 + byte, so Pagefind indexes no words from it.
  var decoder = new TextDecoder();
  function unpack(text) {
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) - 0x2800;
    return JSON.parse(decoder.decode(bytes));
  }

  function initCatalogue(box) {
    var table = document.getElementById("katalog");
    if (!table || !table.tBodies.length || !window.TextDecoder) return;
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
    var methodsShown = Number(table.getAttribute("data-methods-shown")) || 2;
    var status = box.querySelector(".mk-facets__status");
    var BATCH = 50;
    var seq = 0;
    var state = {};          // facet key → array of selected values (in click order)
    var text = "";           // the text filter, trimmed
    var sort = { key: DEFAULT_SORT, dir: "ascending" };
    var totals = null;       // pf.filters(): facet key → {value: count}
    var results = [];        // Pagefind results in the order shown
    var shown = 0;
    var fragments = {};      // result id → promise of its data
    var ui = {};             // facet key → {fieldset, list, items: {value: {li, input, count}}}
    var columns = {};        // sort key → {th, name, first, up, down}

    facets.forEach(function (f) { state[f.key] = []; });

    // --- the sortable headings: a button in each th, aria-sort on the sorted one
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var key = th.getAttribute("data-sort");
      if (!key) return;
      var name = th.textContent.replace(/\u00ad/g, "");
      var button = el("button", "mk-sort");
      button.type = "button";
      var label = el("span");
      while (th.firstChild) label.append(th.firstChild);
      var icon = el("span", "mk-sort__icon");
      icon.setAttribute("aria-hidden", "true");
      button.append(label, icon);
      th.append(button);
      columns[key] = { th: th, name: name, first: th.getAttribute("data-first") || "ascending",
        up: th.getAttribute("data-up"), down: th.getAttribute("data-down") };
      button.addEventListener("click", function () {
        var dir = sort.key === key ? (sort.dir === "ascending" ? "descending" : "ascending") : columns[key].first;
        sort = { key: key, dir: dir };
        update("push");
      });
    });

    function sortWords(s) {
      var c = columns[s.key];
      return c.name.toLowerCase() + ", " + (s.dir === "ascending" ? c.up : c.down);
    }

    // --- the panel: heading, text filter and sort menu, facet groups, chosen filters, status
    var heading = el("h2", "mk-facets__heading", "Filtrér projekterne");
    heading.id = "mk-facets-heading";
    heading.tabIndex = -1;

    var tools = el("div", "mk-catalogue-tools");
    var textBox = el("div", "mk-catalogue-tools__text");
    var textLabel = el("label", null, "Søg i projektnavn, projektholder og kommune");
    var textInput = el("input");
    textInput.type = "search";
    textInput.id = textLabel.htmlFor = "mk-katalog-tekst";
    textInput.autocomplete = "off";
    textBox.append(textLabel, textInput);
    var sortBox = el("div", "mk-catalogue-tools__sort");
    var sortLabel = el("label", null, "Sortér efter");
    var sortSelect = el("select");
    sortSelect.id = sortLabel.htmlFor = "mk-katalog-sortering";
    Object.keys(columns).forEach(function (key) {
      var c = columns[key];
      var dirs = c.first === "ascending" ? ["ascending", "descending"] : ["descending", "ascending"];
      dirs.forEach(function (dir) {
        var o = el("option", null, c.name + " (" + (dir === "ascending" ? c.up : c.down) + ")");
        o.value = key + " " + dir;
        sortSelect.append(o);
      });
    });
    sortBox.append(sortLabel, sortSelect);
    tools.append(textBox, sortBox);

    var pending = null;
    textInput.addEventListener("input", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        var value = textInput.value.trim();
        if (value === text) return;
        text = value;
        update("replace");
      }, 300);
    });
    sortSelect.addEventListener("change", function () {
      var parts = sortSelect.value.split(" ");
      sort = { key: parts[0], dir: parts[1] };
      update("push");
    });

    var help = el("p", "mk-note", "Vælg en eller flere værdier. I samme gruppe får du projekter, der har mindst én af " +
      "de valgte værdier. Vælger du i flere grupper, skal et projekt passe i dem alle og til søgeteksten. " +
      "Tallet ved en værdi er, hvor mange projekter der har værdien og passer til dine valg i de andre grupper " +
      "og søgeteksten.");
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
    // A chosen target group with a guide (/maalgrupper/…) gets a link to it: what we know about the group.
    var guides = el("p", "mk-facets__guides");
    guides.hidden = true;
    active.append(activeLabel, activeList, clear, guides);
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
        update("push");
      });
      u.items[value] = { li: li, input: input, count: count };
      return u.items[value];
    }

    // Every value of a facet's list is shown, also with 0 projects (see _search.j2).
    function buildGroups() {
      facets.forEach(function (f) {
        var fs = el("fieldset", "mk-facet");
        fs.setAttribute("data-facet", f.key);
        fs.append(el("legend", null, f.legend));
        var list = el("ul", "mk-facet__values");
        fs.append(list);
        groups.append(fs);
        ui[f.key] = { fieldset: fs, list: list, items: {} };
        var values = (f.order || []).slice();
        Object.keys(totals[f.key] || {}).forEach(function (v) { if (values.indexOf(v) === -1) values.push(v); });
        ordered(f, values).forEach(function (v) { list.append(addValue(f, v).li); });
      });
    }

    // --- state and URL
    function fromUrl() {
      var params = new URLSearchParams(location.search);
      facets.forEach(function (f) {
        state[f.key] = params.getAll(f.key).filter(function (v, i, a) { return v && a.indexOf(v) === i; });
      });
      text = (params.get(TEXT) || "").trim();
      var key = params.get(SORT);
      if (!columns[key]) key = DEFAULT_SORT;
      var dir = params.get(DIRECTION) === WORDS.descending ? "descending"
        : params.get(DIRECTION) === WORDS.ascending ? "ascending" : columns[key].first;
      sort = { key: key, dir: dir };
    }

    function toUrl() {
      var params = new URLSearchParams();
      facets.forEach(function (f) {
        state[f.key].forEach(function (v) { params.append(f.key, v); });
      });
      if (text) params.set(TEXT, text);
      if (!defaultSort()) {
        params.set(SORT, sort.key);
        params.set(DIRECTION, WORDS[sort.dir]);
      }
      var qs = params.toString();
      return location.pathname + (qs ? "?" + qs : "");
    }

    function selected() {
      return facets.filter(function (f) { return state[f.key].length; });
    }

    function narrowed() {
      return selected().length > 0 || text !== "";
    }

    function defaultSort() {
      return sort.key === DEFAULT_SORT && sort.dir === "ascending";
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
        Object.keys(u.items).forEach(function (v) {
          var it = u.items[v];
          var n = (counts[f.key] || {})[v] || 0;
          it.input.checked = state[f.key].indexOf(v) !== -1;
          it.count.textContent = "(" + fmt.format(n) + ")";
          it.li.classList.toggle("mk-facet__value--none", n === 0);
        });
      });
    }

    function chip(text_, label, remove) {
      var li = el("li", "mk-facets__chip", text_ + " ");
      var b = el("button", "mk-facets__remove");
      b.type = "button";
      var x = el("span", null, "×");
      x.setAttribute("aria-hidden", "true");
      b.append(x, el("span", "mk-sr-only", "Fjern filteret " + label));
      b.addEventListener("click", remove);
      li.append(b);
      activeList.append(li);
    }

    function renderActive() {
      var had = active.contains(document.activeElement);
      activeList.replaceChildren();
      if (text) {
        chip("Søgetekst: »" + text + "«", "søgetekst: " + text, function () {
          text = textInput.value = "";
          update("push");
        });
      }
      selected().forEach(function (f) {
        state[f.key].forEach(function (v) {
          chip(f.legend + ": " + v, f.legend + ": " + v, function () {
            state[f.key] = state[f.key].filter(function (s) { return s !== v; });
            update("push");
          });
        });
      });
      var links = [];
      selected().forEach(function (f) {
        state[f.key].forEach(function (v) {
          if (!f.guides || !f.guides[v]) return;
          var a = el("a", null, v);
          a.href = f.guides[v];
          links.push(a);
        });
      });
      guides.replaceChildren();
      if (links.length) {
        guides.append(links.length === 1 ? "Læs om målgruppen: " : "Læs om målgrupperne: ");
        links.forEach(function (a, i) { guides.append(i ? ", " : "", a); });
      }
      guides.hidden = !links.length;
      active.hidden = !activeList.children.length;
      if (had && (active.hidden || !active.contains(document.activeElement))) {
        var next = activeList.querySelector("button") || heading;
        next.focus();
      }
    }

    function renderSort() {
      Object.keys(columns).forEach(function (key) {
        if (key === sort.key) columns[key].th.setAttribute("aria-sort", sort.dir);
        else columns[key].th.removeAttribute("aria-sort");
      });
      sortSelect.value = sort.key + " " + sort.dir;
      if (textInput.value.trim() !== text) textInput.value = text;
    }

    // A row from a record: the title, holder and municipalities are its metadata, the target
    // groups, method names and level its filter values (in the project's order), the rest
    // the packed cells (see _search.j2 catalogue_cells).
    function row(data) {
      var cells = unpack(data.meta.rad);
      var filters = data.filters || {};
      var tr = el("tr");
      var slug = data.url.replace(/\/$/, "").split("/").pop();
      tr.id = "p-" + slug;
      var th = el("th");
      th.scope = "row";
      th.append(link(data.url, data.meta.title));
      var where = [data.meta.projektholder, data.meta.kommuner].filter(Boolean).join(" · ");
      if (where) th.append(el("span", "mk-catalogue__where", where));
      tr.append(th);
      var labels = ["Målgruppe", "Metoder", "Periode", "Dokumentationsniveau", "Hovedresultat"];
      var tds = labels.map(function (label) {
        var td = el("td");
        td.setAttribute("data-label", label);
        tr.append(td);
        return td;
      });
      var groups = el("ul", "mk-catalogue__groups");
      (filters.maalgruppe || []).forEach(function (g) { groups.append(el("li", null, g)); });
      tds[0].append(groups);
      // The chosen methods first, so a row shows why it matches; the rest as "+N".
      var chosen = state.metode || [];
      var names = filters.metode || [];
      var pairs = cells[0].map(function (href, i) { return [names[i], href]; });
      var methods = pairs.filter(function (m) { return chosen.indexOf(m[0]) !== -1; })
        .concat(pairs.filter(function (m) { return chosen.indexOf(m[0]) === -1; }));
      methods.slice(0, methodsShown).forEach(function (m, i) {
        if (i) tds[1].append(", ");
        tds[1].append(link(new URL(m[1], ROOT).pathname, m[0]));
      });
      if (methods.length > methodsShown) {
        var rest = el("span", "mk-catalogue__more", "+" + (methods.length - methodsShown));
        rest.append(el("span", "mk-sr-only", " andre metoder"));
        tds[1].append(" ", rest);
      }
      tds[2].textContent = cells[1];
      tds[3].append(el("span", "mk-level mk-level--" + cells[2].replace(/é/g, "e"), (filters.niveau || [""])[0]));
      tds[4].textContent = cells[3];
      return tr;
    }

    function announce() {
      var text_;
      var sorted = defaultSort() ? "" : ", sorteret efter " + sortWords(sort);
      if (!narrowed()) {
        var n = results.length ? shown : serverRows.length;
        text_ = n < total
          ? "Ingen filtre valgt. Tabellen viser " + fmt.format(n) + " af " + plural(total, "projekt", "projekter") +
            sorted + (results.length ? "." : " (én side ad gangen).")
          : "Ingen filtre valgt. Tabellen viser alle " + plural(total, "projekt", "projekter") + sorted + ".";
      } else {
        var what = text ? "»" + text + "«" + (selected().length ? " og filtrene" : "") : "filtrene";
        if (!results.length) {
          text_ = "Ingen projekter matcher " + what + ". Fjern et filter, ret søgeteksten, eller vælg Ryd alle.";
        } else {
          text_ = plural(results.length, "projekt matcher", "projekter matcher") + " " + what + sorted + ".";
          if (shown < results.length) text_ += " Tabellen viser de første " + fmt.format(shown) + ".";
        }
      }
      status.textContent = text_;
    }

    function dataOf(result) {
      if (!fragments[result.id]) fragments[result.id] = result.data();
      return fragments[result.id];
    }

    function dispatch() {
      var server = !results.length && !narrowed() && defaultSort();
      var list = results;
      var detail = {
        all: server,
        total: narrowed() ? results.length : total,
        shown: tbody.rows.length,
        complete: server ? serverRows.length >= total : shown >= results.length,
        ids: function () {
          if (server) return Promise.resolve(null);
          return Promise.all(list.map(dataOf)).then(function (datas) {
            return datas.map(function (d) { return d.url.replace(/\/$/, "").split("/").pop(); });
          });
        },
      };
      table.dispatchEvent(new CustomEvent("mk:katalog", { bubbles: true, detail: detail }));
    }

    function loadMore(my, focus) {
      var batch = results.slice(shown, shown + BATCH);
      return Promise.all(batch.map(dataOf)).then(function (datas) {
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

    function update(how) {
      var my = ++seq;
      if (how === "push") history.pushState({ mkFacets: true }, "", toUrl());
      if (how === "replace") history.replaceState({ mkFacets: true }, "", toUrl());
      renderActive();
      renderSort();
      if (!narrowed() && defaultSort()) {
        results = [];
        shown = 0;
        // On load the server's rows are already there: putting them back relaid out the whole table.
        if (tbody.rows.length !== serverRows.length || tbody.rows[0] !== serverRows[0]) {
          tbody.replaceChildren.apply(tbody, serverRows);
        }
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
        var term = text || all;
        var filters = filtersFor(null);
        var order = {};
        order[sort.key] = PAGEFIND[sort.dir];
        var known = pf.search(term, { filters: filters, sort: order });
        var unknown = null;
        if (sort.key !== DEFAULT_SORT) {
          unknown = pf.search(term, { filters: Object.assign({ mangler: sort.key }, filters),
            sort: { projekt: "asc" } });
        }
        var base = narrowed() ? pf.search(term, { filters: filters }) : null;
        var own = facets.map(function (f) {
          return state[f.key].length ? pf.search(term, { filters: filtersFor(f.key) }) : null;
        });
        return Promise.all([known, unknown, base].concat(own));
      }).then(function (searches) {
        if (my !== seq) return;
        var base = searches[2];
        var counts = {};
        facets.forEach(function (f, i) {
          var own = searches[i + 3];
          counts[f.key] = own ? own.filters[f.key] : base ? base.filters[f.key] : totals[f.key];
        });
        renderCounts(counts);
        results = searches[0].results.concat(searches[1] ? searches[1].results : []);
        shown = 0;
        tbody.replaceChildren();
        if (caption) {
          caption.textContent = (narrowed() ? "Projekter, der matcher filtrene (" + fmt.format(results.length) + ")"
            : captionText.replace(/, side .*$/, "")) + (defaultSort() ? "" : ", sorteret efter " + sortWords(sort));
        }
        if (pager) pager.hidden = true;
        return loadMore(my, false);
      });
    }

    function fail(err) {
      if (window.console) console.error(err);
      box.replaceChildren(el("p", "mk-note", "Filtrene kunne ikke indlæses. Tabellen viser alle projekter."));
      tbody.replaceChildren.apply(tbody, serverRows);
    }

    more.addEventListener("click", function () { loadMore(seq, true); });
    clear.addEventListener("click", function () {
      facets.forEach(function (f) { state[f.key] = []; });
      text = textInput.value = "";
      update("push").then(function () { heading.focus(); });
    });
    window.addEventListener("popstate", function () {
      fromUrl();
      update(null).catch(fail);
    });

    fromUrl();
    renderSort();
    status.textContent = "Filtrene indlæses …";
    pagefind(bundle).then(function (pf) {
      return pf.filters();
    }).then(function (counts) {
      totals = counts;
      var nojs = box.querySelector(".mk-facets__nojs");
      if (nojs) nojs.remove();
      buildGroups();
      panel.open = window.matchMedia("(min-width: 45em)").matches || selected().length > 0;
      panel.append(help, form);
      // The text filter and sorting, then the chosen filters and "Ryd alle", then the
      // groups: Tab meets "Ryd alle" before the hundred filter values, not after them.
      box.insertBefore(heading, status);
      box.insertBefore(tools, status);
      box.insertBefore(active, status);
      box.insertBefore(panel, status);
      table.closest(".mk-table-wrap").after(moreWrap);
      return update(null);
    }).catch(fail);
  }

  function start() {
    var f = document.getElementById("mk-facets");
    if (f) initCatalogue(f);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

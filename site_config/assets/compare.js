/*
 * Metodekataloget: side-by-side comparison on /sammenlign/. A static file, no inline
 * script, no eval. It reads data/compare.json (made at build time) and keeps the choice
 * in the query string, so the address can be shared:
 *   ?projekter=a,b,c&metoder=x,y&forskelle=1
 * (repeated parameters, ?projekter=a&projekter=b, are read too). Every change is announced
 * in the role="status" paragraph, and the number of matches of a list's text filter in
 * the filter's own. All text comes from the page's data-t-* attributes.
 * The tables come after the lists, so ticking a box never moves it; each list ends with
 * a link to its table. A column header is the record's title only: its "Fjern" button
 * sits in the first row, so a screen reader does not read the button with every cell.
 * Without JavaScript the page is the lists of links to every project and method.
 */
(function () {
  "use strict";

  const root = document.getElementById("mk-compare");
  const form = document.getElementById("mk-compare-form");
  if (!root || !form || !window.fetch || !window.URLSearchParams) return;

  const sets = Array.from(form.querySelectorAll("fieldset[data-kind]"));
  const diff = document.getElementById("mk-compare-diff");
  const share = document.getElementById("mk-compare-link");
  const status = document.getElementById("mk-compare-status");
  const output = document.getElementById("mk-compare-tables");
  const max = Number(root.dataset.max) || 4;
  const dataUrl = new URL(root.dataset.src, location.href);
  const siteRoot = new URL("../", dataUrl); // compare.json is <site>/data/compare.json
  const state = {}; // kind → chosen ids, in the order chosen
  let data = null;

  function text(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    node.append(...children);
    return node;
  }

  const boxes = (set) => Array.from(set.querySelectorAll("input[type=checkbox]"));

  function readUrl() {
    const params = new URLSearchParams(location.search);
    sets.forEach((set) => {
      const known = new Set(boxes(set).map((b) => b.value));
      const ids = params.getAll(set.dataset.param).flatMap((v) => v.split(",")).map((v) => v.trim());
      state[set.dataset.kind] = [...new Set(ids)].filter((id) => known.has(id)).slice(0, max);
      boxes(set).forEach((b) => { b.checked = state[set.dataset.kind].includes(b.value); });
    });
    diff.checked = params.get(diff.name) === diff.value;
  }

  function writeUrl() {
    const parts = [];
    sets.forEach((set) => {
      const ids = state[set.dataset.kind];
      if (ids.length) parts.push(set.dataset.param + "=" + ids.map(encodeURIComponent).join(","));
    });
    if (diff.checked) parts.push(diff.name + "=" + diff.value);
    const url = location.pathname + (parts.length ? "?" + parts.join("&") : "");
    history.replaceState(null, "", url);
    share.href = url;
  }

  function value(v) {
    if (Array.isArray(v)) return el("ul", { class: "mk-compare__list" }, ...v.map((x) => el("li", {}, value(x))));
    if (v && typeof v === "object" && v.u) return el("a", { href: new URL(v.u, siteRoot).href }, v.t);
    if (v && typeof v === "object" && v.b) return el("span", { class: "mk-level mk-level--" + v.b }, v.t);
    return document.createTextNode(String(v));
  }

  function jump(set) {
    return set.querySelector(".mk-compare__jump");
  }

  function remove(set, id) {
    const ids = state[set.dataset.kind];
    ids.splice(ids.indexOf(id), 1);
    boxes(set).forEach((b) => { if (b.value === id) b.checked = false; });
    update();
    status.focus();
  }

  // One table per kind with two or more chosen; returns the sentence for the status.
  function table(set) {
    const kind = set.dataset.kind;
    const ids = state[kind];
    if (ids.length === 1) return set.dataset.tOne;
    if (!ids.length) return "";
    const section = data[kind];
    const items = ids.map((id) => section.items[id]);
    // On a narrow screen the table stacks (reading.css, mk-stack): one card per field, each
    // value after the title of its item (data-label); the roles keep it a table for a screen reader.
    const head = el("tr", { role: "row" }, el("th", { scope: "col", role: "columnheader" }, root.dataset.tField));
    const actions = el("tr", { class: "mk-compare__actions", role: "row" },
      el("th", { scope: "row", role: "rowheader" }, root.dataset.tRemoveRow));
    items.forEach((item, i) => {
      const button = el("button", { type: "button", class: "mk-compare__remove",
        "aria-label": text(root.dataset.tRemoveLabel, { title: item.title }) }, root.dataset.tRemove);
      button.addEventListener("click", () => remove(set, ids[i]));
      head.append(el("th", { scope: "col", role: "columnheader" },
        el("a", { href: new URL(item.url, siteRoot).href }, item.title)));
      actions.append(el("td", { role: "cell", "data-label": item.title }, button));
    });
    const body = el("tbody", { role: "rowgroup" }, actions);
    let differ = 0;
    section.fields.forEach(([key, label]) => {
      const values = items.map((item) => item.values[key]);
      const same = values.every((v) => JSON.stringify(v) === JSON.stringify(values[0]));
      if (!same) differ++;
      if (same && diff.checked) return;
      body.append(el("tr", same ? { class: "mk-compare__same", role: "row" } : { role: "row" },
        el("th", { scope: "row", role: "rowheader" }, label),
        ...values.map((v, i) => el("td", { role: "cell", "data-label": items[i].title }, value(v)))));
    });
    const name = text(set.dataset.tCaption, { n: ids.length });
    const wrap = el("div", { class: "mk-table-wrap", role: "region", tabindex: "0", id: "mk-compare-" + kind, "aria-label": name },
      el("table", { class: "mk-table mk-compare__table mk-stack", role: "table" }, el("caption", {}, name),
        el("thead", { role: "rowgroup" }, head), body));
    output.append(wrap);
    jump(set).hidden = false;
    if (body.rows.length === 1) output.append(el("p", {}, root.dataset.tSame));
    return text(set.dataset.tCompared, { n: ids.length, d: differ, f: section.fields.length });
  }

  function update() {
    writeUrl();
    if (!data) return;
    output.replaceChildren();
    sets.forEach((set) => { jump(set).hidden = true; });
    const said = sets.map(table).filter(Boolean);
    status.textContent = said.length ? said.join(" ") : root.dataset.tNone;
  }

  form.addEventListener("change", (event) => {
    const box = event.target;
    const set = box.closest("fieldset[data-kind]");
    if (!set || box.type !== "checkbox") return;
    const ids = state[set.dataset.kind];
    if (box.checked && ids.length >= max) {
      box.checked = false;
      status.textContent = text(set.dataset.tMax, { max: max });
      return;
    }
    if (box.checked) ids.push(box.value);
    else ids.splice(ids.indexOf(box.value), 1);
    update();
  });
  // The text filter: the list shrinks at once; the count is said once typing pauses.
  let pause = 0;
  form.addEventListener("input", (event) => {
    if (!event.target.hasAttribute("data-filter")) return;
    const set = event.target.closest("fieldset");
    const query = event.target.value.trim();
    const q = query.toLocaleLowerCase("da");
    const items = Array.from(set.querySelectorAll(".mk-compare__choices > li"));
    let shown = 0;
    items.forEach((li) => {
      li.hidden = !!q && !li.textContent.toLocaleLowerCase("da").includes(q);
      if (!li.hidden) shown++;
    });
    const found = set.querySelector(".mk-compare__found");
    clearTimeout(pause);
    pause = setTimeout(() => {
      found.textContent = !query ? "" : shown
        ? text(set.dataset.tShown, { n: shown, total: items.length })
        : text(set.dataset.tNoneFound, { q: query });
    }, 400);
  });
  // The link after a list goes to its table and puts focus there.
  form.addEventListener("click", (event) => {
    const link = event.target.closest(".mk-compare__jump a");
    const table = link && document.getElementById(link.dataset.table);
    if (!table) return;
    event.preventDefault();
    table.focus();
  });
  diff.addEventListener("change", update);

  readUrl();
  form.classList.add("is-ready");
  root.hidden = false;
  form.querySelectorAll(".mk-compare__find").forEach((p) => { p.hidden = false; });
  fetch(dataUrl)
    .then((response) => {
      if (!response.ok) throw new Error(response.statusText);
      return response.json();
    })
    .then((json) => {
      data = json;
      update();
    })
    .catch(() => { status.textContent = root.dataset.tError; });
})();

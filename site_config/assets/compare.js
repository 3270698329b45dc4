/*
 * Metodekataloget: side-by-side comparison on /sammenlign/. A static file, no inline
 * script, no eval. It reads data/compare.json (made at build time) and keeps the choice
 * in the query string, so the address can be shared:
 *   ?projekter=a,b,c&metoder=x,y&forskelle=1
 * (repeated parameters, ?projekter=a&projekter=b, are read too). Every change is announced
 * in the role="status" paragraph. All text comes from the page's data-t-* attributes.
 * Without JavaScript the page is the lists of links to every project and method.
 */
(function () {
  "use strict";

  const root = document.getElementById("mk-compare");
  const form = document.getElementById("mk-compare-form");
  if (!root || !form || !window.fetch || !window.URLSearchParams) return;

  const sets = Array.from(form.querySelectorAll("fieldset[data-kind]"));
  const tools = root.querySelector(".mk-compare__tools");
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
    items.forEach((item, i) => {
      const button = el("button", { type: "button", class: "mk-compare__remove",
        "aria-label": text(root.dataset.tRemoveLabel, { title: item.title }) }, root.dataset.tRemove);
      button.addEventListener("click", () => remove(set, ids[i]));
      head.append(el("th", { scope: "col", role: "columnheader" },
        el("a", { href: new URL(item.url, siteRoot).href }, item.title), " ", button));
    });
    const body = el("tbody", { role: "rowgroup" });
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
    const caption = el("caption", {}, text(set.dataset.tCaption, { n: ids.length }));
    const wrap = el("div", { class: "mk-table-wrap", role: "region", tabindex: "0" },
      el("table", { class: "mk-table mk-compare__table mk-stack", role: "table" }, caption,
        el("thead", { role: "rowgroup" }, head), body));
    output.append(wrap);
    if (!body.rows.length) output.append(el("p", {}, root.dataset.tSame));
    return text(set.dataset.tCompared, { n: ids.length, d: differ, f: section.fields.length });
  }

  function update() {
    writeUrl();
    if (!data) return;
    output.replaceChildren();
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
  form.addEventListener("input", (event) => {
    if (!event.target.hasAttribute("data-filter")) return;
    const query = event.target.value.trim().toLocaleLowerCase("da");
    event.target.closest("fieldset").querySelectorAll("li").forEach((li) => {
      li.hidden = !!query && !li.textContent.toLocaleLowerCase("da").includes(query);
    });
  });
  diff.addEventListener("change", update);

  readUrl();
  form.classList.add("is-ready");
  tools.hidden = false;
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

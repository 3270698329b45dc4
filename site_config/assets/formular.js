/*
 * Metodekataloget: the form on /bidrag/formular/ that writes a project file.
 *
 * A static file, no inline script and no eval, so it runs under the site's CSP (no
 * 'unsafe-eval'). The page loads it after ./vendor/json-schema.js (@cfworker/json-schema,
 * the global cfworkerJsonSchema). The fields are generated at build time from the JSON
 * Schema (generator/form.py); #mk-form-data holds the same schema, the key order of the
 * commented template, the methods and the Danish messages. The file is validated against
 * that schema, plus the checks `python -m generator check` adds (HTML in text, the file
 * name, the body).
 *
 * Nothing leaves the browser until the user presses "Opret pull request på GitHub",
 * "Hent filen" or "Send som e-mail". The draft is kept in localStorage until the user
 * presses "Ryd formularen".
 */
(function () {
  "use strict";

  const STORAGE_KEY = "metodekataloget.formular.v1";

  const app = document.getElementById("mk-form-app");
  const form = document.getElementById("mk-form");
  const dataNode = document.getElementById("mk-form-data");

  if (app && form && dataNode && window.cfworkerJsonSchema) {
    start(JSON.parse(dataNode.textContent));
  }

  function start(data) {
    const M = data.messages;
    const T = data.texts;
    const validator = new window.cfworkerJsonSchema.Validator(data.schema, "2020-12", false);
    const patterns = Object.fromEntries(
      Object.entries(data.patterns).map(([name, [source, flags]]) => [name, new RegExp(source, flags)]));
    const summary = document.getElementById("mk-form-errors");
    const status = document.getElementById("mk-form-status");
    const live = document.getElementById("mk-form-live");
    const preview = document.getElementById("mk-form-preview");
    const fileName = document.getElementById("mk-form-filename");
    const github = form.querySelector("[data-action=github]");
    const email = form.querySelector("[data-action=email]");
    const pageTitle = document.title;
    let shownErrors = false; // after a failed check, errors follow the user's corrections
    let current = { text: "", slug: "", path: "" };

    /* ---------- small helpers ---------- */

    const fill = (text, values) => String(text).replace(/\{(\w+)\}/g, (all, k) => (k in values ? values[k] : all));
    const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
    const say = (node, text) => { node.textContent = ""; node.textContent = text; };

    function el(tag, attrs, ...children) {
      const node = document.createElement(tag);
      Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
      node.append(...children);
      return node;
    }

    // One line of text as the check reads it: runs of whitespace (also YAML's line breaks
    // NEL, LS and PS) become one space; lone surrogates are dropped.
    function oneLine(text) {
      const clean = typeof text.toWellFormed === "function" ? text.toWellFormed() : text;
      return clean.replace(/[\s\u0085\u2028\u2029]+/g, " ").trim();
    }

    /* ---------- slugs: mirror generator/slug.py ---------- */

    const DANISH = { "æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa" };

    function slugify(text) {
      const folded = text.replace(/[æøåÆØÅ]/g, (c) => DANISH[c]).normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase();
      return folded.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    }

    function shorten(slug, limit) {
      if (slug.length <= limit) return slug;
      const cut = slug.slice(0, limit + 1).lastIndexOf("-");
      return cut > 0 ? slug.slice(0, cut) : slug.slice(0, limit);
    }

    /* ---------- reading the form ---------- */

    function parseNumber(raw) {
      const text = raw.trim().replace(/\s+/g, "");
      return /^[-−]?\d+([.,]\d+)?$/.test(text) ? Number(text.replace("−", "-").replace(",", ".")) : raw.trim();
    }

    const controls = (wrapper) => Array.from(wrapper.querySelectorAll("input, select, textarea"));

    // The value a field gives the file, or undefined: leave the key out.
    function valueOf(wrapper) {
      const need = wrapper.dataset.need;
      const nullable = "nullable" in wrapper.dataset;
      const blank = () => (need === "optional" ? undefined : nullable ? null : "");
      const [first] = controls(wrapper);
      switch (wrapper.dataset.control) {
        case "checkboxes":
          return controls(wrapper).filter((c) => c.checked).map((c) => c.value);
        case "radios": {
          const chosen = controls(wrapper).find((c) => c.checked);
          return chosen ? chosen.value : undefined;
        }
        case "combobox":
          return Array.from(wrapper.querySelectorAll(".mk-chips [data-value]")).map((c) => c.dataset.value);
        case "lines": {
          const lines = first.value.split("\n").map(oneLine).filter(Boolean);
          return lines.length || need !== "optional" ? lines : undefined;
        }
        case "select":
          return first.value || (nullable ? null : undefined);
        case "integer":
        case "number":
          return first.value.trim() ? parseNumber(first.value) : blank();
        default: {
          const text = oneLine(first.value);
          return text || blank();
        }
      }
    }

    function setPath(target, path, value) {
      const parts = path.split(".");
      let node = target;
      parts.slice(0, -1).forEach((p) => { node = node[p] = node[p] || {}; });
      node[parts[parts.length - 1]] = value;
    }

    // The fields of one scope (the form, or one item of a group), not those of nested
    // items, of hidden variants or of the item templates.
    function fieldsIn(scope) {
      return Array.from(scope.querySelectorAll("[data-field]")).filter((w) =>
        w.closest("[data-item], #mk-form") === (scope.matches("[data-item]") ? scope : form)
        && !w.closest("[data-variant][hidden]") && w.dataset.control !== "output");
    }

    function collect() {
      const project = {};
      fieldsIn(form).forEach((w) => {
        const value = valueOf(w);
        if (value !== undefined) setPath(project, w.dataset.field, value);
      });
      form.querySelectorAll("[data-group]").forEach((group) => {
        const items = Array.from(group.querySelectorAll(":scope > .mk-group__items > [data-item]")).map((item) => {
          const record = {};
          fieldsIn(item).forEach((w) => {
            const value = valueOf(w);
            if (value !== undefined) setPath(record, w.dataset.field, value);
          });
          return record;
        });
        if (items.length || data.always.includes(group.dataset.group)) project[group.dataset.group] = items;
      });
      Object.entries(data.fixed).forEach(([path, value]) => {
        const parent = path.split(".").slice(0, -1).reduce((node, p) => node && node[p], project);
        if (parent) setPath(project, path, value);
      });
      const doc = project.documentation || {};
      const level = levelFor(doc.implementability, doc.evidence);
      if (level) doc.level = level;
      data.always.forEach((path) => {
        const parts = path.split(".");
        const parent = parts.slice(0, -1).reduce((node, p) => node && node[p], project);
        const key = parts[parts.length - 1];
        if (!parent || key in parent) return;
        const node = schemaAt(parts);
        if (node && (node.anyOf || []).some((b) => b.type === "null")) parent[key] = null;
        else if (node && node.type === "array") parent[key] = [];
      });
      return project;
    }

    function levelFor(implementability, evidence) {
      if (!implementability || !evidence) return undefined;
      if (implementability === data.unknown || evidence === data.unknown) return data.unknown_level;
      return (data.matrix[implementability] || {})[evidence];
    }

    function resolve(node) {
      while (node && node.$ref) node = data.schema.$defs[node.$ref.split("/").pop()];
      return node;
    }

    function schemaAt(parts) {
      let node = resolve(data.schema);
      for (const p of parts) {
        node = resolve(node);
        if (!node) return undefined;
        node = /^\d+$/.test(p) ? node.items : (node.properties || {})[p];
      }
      return resolve(node);
    }

    function bodyText() {
      return Array.from(form.querySelectorAll("[data-body]")).map((w) => {
        const text = w.querySelector("textarea").value.replace(/\r\n?/g, "\n").replace(/^\s*\n|\s+$/g, "");
        return text ? `## ${w.dataset.body}\n\n${text}\n` : "";
      }).filter(Boolean).join("\n");
    }

    /* ---------- writing the file: YAML the check accepts, in the template's key order ---------- */

    const YAML_WORDS = /^(yes|no|true|false|on|off|null|y|n)$/i;
    const PLAIN = /^\p{L}[\p{L}\p{N} _.,()/%§'’–-]*$/u;
    const PLAIN_IN_LIST = /^\p{L}[\p{L}\p{N} _.()/%§'’–-]*$/u;
    const WIDTH = 80;

    function number(n) {
      const text = String(n);
      return /e/i.test(text) ? n.toLocaleString("en-US", { useGrouping: false, maximumFractionDigits: 20 }) : text;
    }

    function scalar(value, inList) {
      if (value === null) return "null";
      if (typeof value === "number") return number(value);
      if (typeof value === "boolean") return String(value);
      const plain = (inList ? PLAIN_IN_LIST : PLAIN).test(value) && !YAML_WORDS.test(value) && !/\s$/.test(value);
      return plain ? value : JSON.stringify(value);
    }

    // A long text as a folded block (">-"): one space between words, so folding gives it back.
    function folded(text, indent) {
      const lines = [];
      let line = "";
      text.split(" ").forEach((word) => {
        if (line && indent.length + line.length + 1 + word.length > WIDTH) {
          lines.push(line);
          line = word;
        } else {
          line = line ? `${line} ${word}` : word;
        }
      });
      lines.push(line);
      return ">-\n" + lines.map((l) => indent + l).join("\n");
    }

    function ordered(record, prefix) {
      const order = data.order[prefix] || [];
      const rank = (k) => (order.includes(k) ? order.indexOf(k) : order.length);
      return Object.keys(record).sort((a, b) => rank(a) - rank(b));
    }

    function mapping(record, prefix, indent) {
      return ordered(record, prefix).map((key) => {
        const value = record[key];
        const path = prefix ? `${prefix}.${key}` : key;
        const head = `${indent}${key}:`;
        if (Array.isArray(value)) {
          if (!value.length) return `${head} []`;
          if (value.every((v) => v === null || typeof v !== "object")) {
            return `${head} [${value.map((v) => scalar(v, true)).join(", ")}]`;
          }
          return head + "\n" + value.map((item) => {
            const body = mapping(item, `${path}[]`, `${indent}    `);
            return `${indent}  - ${body.slice(indent.length + 4)}`;
          }).join("\n");
        }
        if (value !== null && typeof value === "object") return head + "\n" + mapping(value, path, `${indent}  `);
        if (typeof value === "string" && value.includes(" ") && head.length + 1 + value.length > WIDTH) {
          return `${head} ${folded(value, `${indent}  `)}`;
        }
        return `${head} ${scalar(value, false)}`;
      }).join("\n");
    }

    function fileText(project) {
      const body = bodyText();
      return `---\n${mapping(project, "", "")}\n---\n` + (body ? `\n${body}` : "");
    }

    /* ---------- checking ---------- */

    const idFor = (parts) => "f-" + parts.join("-");

    function targetFor(parts) {
      for (let n = parts.length; n > 0; n--) {
        const node = document.getElementById(idFor(parts.slice(0, n)));
        if (node && !node.closest("[hidden]:not(#mk-form-app)")) return parts.slice(0, n);
      }
      return null;
    }

    function schemaValue(keywordLocation) {
      let node = data.schema;
      for (const raw of keywordLocation.split("/").slice(1)) {
        const part = raw.replace(/~1/g, "/").replace(/~0/g, "~");
        node = part === "$ref" ? resolve({ $ref: node.$ref }) : node[part];
        if (node === undefined) return undefined;
      }
      return node;
    }

    function schemaErrors(project) {
      const result = validator.validate(project);
      const byPath = new Map();
      const anyOfFailed = [];
      result.errors.forEach((e) => {
        const parts = e.instanceLocation.replace(/^#\/?/, "").split("/").filter(Boolean)
          .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
        const k = e.keyword;
        if (k === "anyOf") {
          if (!(schemaValue(e.keywordLocation) || []).some((b) => b.type === "null")) anyOfFailed.push(parts);
          return;
        }
        if (["$ref", "properties", "items", "allOf", "prefixItems", "additionalItems"].includes(k)) return;
        const value = parts.reduce((node, p) => (node == null ? node : node[p]), project);
        let message;
        let where = parts;
        if (k === "required") {
          const missing = /"([^"]+)"/.exec(e.error)[1];
          where = [...parts, missing];
          if (!targetFor(where) || targetFor(where).length !== where.length) return;
          if (where.join(".") === "documentation.level") return; // follows from the two axes
          message = M.required;
        } else if (k === "type") {
          const expected = schemaValue(e.keywordLocation);
          if (expected === "null") return;
          message = fill(M.type, { expected: M.types[expected] || expected, value: String(value) });
        } else if (k === "minItems") {
          const kind = document.getElementById(idFor(parts))?.closest("[data-control]")?.dataset.control;
          message = fill(M.minItems[kind] || M.minItems.group, { limit: schemaValue(e.keywordLocation) });
        } else if (k === "pattern") {
          message = fill(M.pattern, { value });
        } else if (k === "enum") {
          message = fill(M.enum, { value });
        } else if (M[k]) {
          message = fill(M[k], { limit: schemaValue(e.keywordLocation), value });
        } else {
          message = e.error;
        }
        const key = where.join("/");
        const found = byPath.get(key);
        if (!found || (found.keyword === "type" && k !== "type")) byPath.set(key, { parts: where, message, keyword: k });
      });
      // A source that is neither a catalogue report nor title, publisher and year
      anyOfFailed.forEach((parts) => {
        const prefix = parts.join("/") + "/";
        if (![...byPath.keys()].some((k) => k.startsWith(prefix))) {
          byPath.set(prefix + "kind", { parts: [...parts, "kind"], message: M.source });
        }
      });
      return [...byPath.values()];
    }

    function textErrors(node, parts, out) {
      if (Array.isArray(node)) node.forEach((v, i) => textErrors(v, [...parts, String(i)], out));
      else if (node && typeof node === "object") Object.entries(node).forEach(([k, v]) => textErrors(v, [...parts, k], out));
      else if (typeof node === "string" && patterns.html.test(node)) out.push({ parts, message: M.html });
      else if (typeof node === "string" && patterns.control.test(node)) out.push({ parts, message: M.control });
      return out;
    }

    function bodyErrors() {
      const out = [];
      form.querySelectorAll("[data-body]").forEach((w) => {
        const area = w.querySelector("textarea");
        let fenced = false;
        for (const line of area.value.replace(/\r\n?/g, "\n").split("\n")) {
          if (patterns.fence.test(line)) { fenced = !fenced; continue; }
          if (fenced) continue;
          const text = line.replace(patterns.code, (m) => " ".repeat(m.length));
          const urls = [...text.matchAll(patterns.inline_link), ...text.matchAll(patterns.ref_def),
            ...text.matchAll(patterns.autolink)].map((m) => m[1]);
          const bad = urls.map((u) => schemeOf(u)).find((s) => s && !data.schemes.includes(s));
          if (bad) { out.push({ parts: [area.id.slice(2)], message: fill(M.body_link, { value: bad }) }); break; }
          const tag = patterns.tag.exec(text.replace(patterns.autolink, (m) => " ".repeat(m.length)));
          if (tag) { out.push({ parts: [area.id.slice(2)], message: fill(M.body_html, { value: tag[0].slice(0, 30) }) }); break; }
        }
      });
      return out;
    }

    function schemeOf(url) {
      const probe = document.createElement("textarea");
      probe.innerHTML = url; // decodes entities only: a textarea's content is never markup
      const m = patterns.scheme.exec(probe.value.replace(/[\x00-\x20\x7f]/g, ""));
      return m ? m[1].toLowerCase() : null;
    }

    function check() {
      const project = collect();
      const errors = schemaErrors(project);
      const seen = new Set(errors.map((e) => e.parts.join("/")));
      textErrors(project, [], []).forEach((e) => { if (!seen.has(e.parts.join("/"))) errors.push(e); });
      const period = project.period || {};
      if (Number.isInteger(period.start) && Number.isInteger(period.end) && period.start > period.end) {
        errors.push({ parts: ["period", "end"], message: M.period });
      }
      const title = typeof project.title === "string" ? project.title : "";
      if (title && !errors.some((e) => e.parts.join("/") === "title")) {
        if (!current.slug || data.reserved.includes(current.slug)) errors.push({ parts: ["title"], message: M.slug });
        else if (data.existing.includes(current.slug)) {
          errors.push({ parts: ["title"], message: fill(M.exists, { value: `${current.slug}.md` }) });
        }
      }
      errors.push(...bodyErrors());
      const bytes = new TextEncoder().encode(current.text).length;
      if (bytes > data.max_bytes) errors.push({ parts: ["preview"], message: fill(M.size, { value: bytes, limit: data.max_bytes }) });
      const order = Array.from(form.querySelectorAll("[id^='f-']")).map((n) => n.id);
      const rank = (e) => { const t = targetFor(e.parts); const i = t ? order.indexOf(idFor(t)) : -1; return i < 0 ? order.length : i; };
      return errors.sort((a, b) => rank(a) - rank(b));
    }

    /* ---------- showing errors (error summary at the top, each error at its field) ---------- */

    function labelFor(id) {
      const node = document.getElementById(id);
      if (!node) return "";
      let label;
      if (node.matches("input[type=radio], input[type=checkbox]")) label = node.closest("fieldset").querySelector("legend");
      else if (node.matches(".mk-group__items")) label = node.closest("section").querySelector("h2");
      else label = document.querySelector(`label[for="${id}"]`)
        || document.getElementById(node.getAttribute("aria-labelledby") || "");
      const text = label ? Array.from(label.childNodes).filter((c) => !(c.classList && c.classList.contains("mk-optional")))
        .map((c) => c.textContent).join("").trim() : id;
      const item = node.closest("[data-item]");
      return item ? `${item.querySelector("legend").textContent.trim()}: ${text}` : text;
    }

    function clearErrors() {
      form.querySelectorAll(".mk-field--error").forEach((w) => w.classList.remove("mk-field--error"));
      form.querySelectorAll(".mk-error").forEach((p) => { p.hidden = true; p.textContent = ""; });
      form.querySelectorAll("[aria-invalid]").forEach((c) => c.removeAttribute("aria-invalid"));
      form.querySelectorAll("[aria-describedby]").forEach((c) => {
        const ids = c.getAttribute("aria-describedby").split(" ").filter((i) => !i.startsWith("e-"));
        if (ids.length) c.setAttribute("aria-describedby", ids.join(" ")); else c.removeAttribute("aria-describedby");
      });
    }

    function describe(node, id) {
      const ids = (node.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      if (!ids.includes(id)) node.setAttribute("aria-describedby", [...ids, id].join(" "));
    }

    function showErrors(errors, moveFocus) {
      clearErrors();
      const list = summary.querySelector("ul");
      list.textContent = "";
      errors.forEach((e) => {
        const parts = targetFor(e.parts);
        const id = parts ? idFor(parts) : "mk-form-preview";
        const node = document.getElementById(id);
        const key = id.slice(2);
        const label = parts ? labelFor(id) : "";
        const message = capital(e.message);
        const box = document.getElementById(`e-${key}`);
        if (box && box.hidden) {
          box.hidden = false;
          box.append(el("span", { class: "mk-sr-only" }, `${form.dataset.tErrorPrefix} `), message);
          const wrapper = box.closest(".mk-field, .mk-group");
          if (wrapper) wrapper.classList.add("mk-field--error");
          const described = node.matches("input[type=radio], input[type=checkbox]") ? node.closest("fieldset") : node;
          describe(described, box.id);
          const inputs = node.matches("input[type=radio], input[type=checkbox]")
            ? node.closest("fieldset").querySelectorAll("input") : [node];
          inputs.forEach((c) => { if (c.matches("input, select, textarea")) c.setAttribute("aria-invalid", "true"); });
        }
        const details = node && node.closest("details");
        if (details) details.open = true;
        const text = !label ? message : /[?!.]$/.test(label) ? `${label} ${message}` : `${label}: ${e.message}`;
        const link = el("a", { href: `#${id}` }, text);
        list.append(el("li", {}, link));
      });
      summary.hidden = !errors.length;
      document.title = errors.length ? `${form.dataset.tTitlePrefix} ${pageTitle}` : pageTitle;
      if (errors.length && moveFocus) {
        summary.focus();
        summary.scrollIntoView({ block: "start" });
      }
    }

    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      if (!link) return;
      const target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      const details = target.closest("details");
      if (details) details.open = true;
      const label = target.matches("input[type=radio], input[type=checkbox]")
        ? target.closest("fieldset").querySelector("legend") : document.querySelector(`label[for="${target.id}"]`);
      target.focus({ preventScroll: true });
      (label || target).scrollIntoView({ block: "start" });
    });

    // Check the file; show the result. True if the file can be made.
    function verify(moveFocus) {
      update();
      const errors = check();
      shownErrors = errors.length > 0;
      showErrors(errors, moveFocus);
      say(status, errors.length ? fill(T.not_ok, { n: errors.length }) : T.ok);
      status.classList.toggle("mk-form-status--ok", !errors.length);
      return !errors.length;
    }

    /* ---------- preview, file name and the three actions ---------- */

    function update() {
      const project = collect();
      const slug = shorten(slugify(typeof project.title === "string" ? project.title : ""), data.slug_limit);
      current = { project, slug, path: `${data.folder}/${slug}.md`, text: "" };
      current.text = fileText(project);
      preview.textContent = current.text;
      fileName.textContent = slug ? current.path : T.filename_pending;
      github.href = githubUrl(true);
      email.href = emailUrl(true);
      const output = form.querySelector("[data-control=output] output");
      const level = (project.documentation || {}).level;
      if (output) output.textContent = level ? data.levels[level] : T.level_pending;
    }

    function githubUrl(withText) {
      const base = `${data.new_file}?filename=${encodeURIComponent(current.path)}`;
      return withText ? `${base}&value=${encodeURIComponent(current.text)}` : base;
    }

    function emailUrl(withText) {
      const subject = fill(T.email_subject, { title: (current.project || {}).title || "" });
      const intro = fill(T.email_intro, { path: current.path });
      const body = intro + (withText ? current.text : T.email_placeholder);
      return `mailto:${data.email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
    }

    async function copy(text) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch {
        return false;
      }
    }

    github.addEventListener("click", async (event) => {
      if (!verify(true)) { event.preventDefault(); return; }
      if (github.href.length <= data.url_limit) { say(status, T.github_opened); return; }
      event.preventDefault();
      const copied = await copy(current.text);
      window.open(githubUrl(false), "_blank", "noopener");
      say(status, fill(copied ? T.too_long_copied : T.too_long_not_copied, { where: T.where_github }));
    });

    email.addEventListener("click", async (event) => {
      if (!verify(true)) { event.preventDefault(); return; }
      if (email.href.length <= data.url_limit) { say(status, T.email_opened); return; }
      event.preventDefault();
      const copied = await copy(current.text);
      window.location.href = emailUrl(false);
      say(status, fill(copied ? T.too_long_copied : T.too_long_not_copied, { where: T.where_email }));
    });

    form.querySelector("[data-action=download]").addEventListener("click", () => {
      if (!verify(true)) return;
      const url = URL.createObjectURL(new Blob([current.text], { type: "text/markdown;charset=utf-8" }));
      const link = el("a", { href: url, download: `${current.slug}.md`, hidden: "" });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      say(status, fill(T.downloaded, { name: `${current.slug}.md` }));
    });

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (verify(true)) status.focus();
    });

    /* ---------- repeatable groups (results, sources, discrepancies) ---------- */

    const ATTRS = ["id", "for", "name", "aria-describedby", "aria-controls", "aria-labelledby", "href"];

    function numberItem(item, index) {
      const group = item.closest("[data-group]").dataset.group;
      const before = item.dataset.prefix || `${group}-__i__-`;
      const after = `${group}-${index}-`;
      if (before !== after) {
        [item, ...item.querySelectorAll("*")].forEach((node) => ATTRS.forEach((a) => {
          const v = node.getAttribute(a);
          if (v && v.includes(before)) node.setAttribute(a, v.split(before).join(after));
        }));
      }
      item.dataset.prefix = after;
      item.querySelectorAll("[data-n]").forEach((n) => { n.textContent = String(index + 1); });
      const what = item.querySelector(".mk-item__what");
      if (what) what.textContent = `${item.closest("[data-group]").dataset.itemLabel.toLowerCase()} ${index + 1}`;
    }

    function items(group) {
      return Array.from(group.querySelectorAll(":scope > .mk-group__items > [data-item]"));
    }

    function renumber(group) {
      const list = items(group);
      list.forEach((item, i) => numberItem(item, i));
      const min = Number(group.dataset.min) || 0;
      list.forEach((item) => { item.querySelector("[data-remove]").hidden = list.length <= min; });
    }

    function addItem(group) {
      const fragment = group.querySelector("template").content.cloneNode(true);
      const item = fragment.querySelector("[data-item]");
      group.querySelector(".mk-group__items").append(fragment);
      renumber(group);
      setupCombos(item);
      return item;
    }

    form.querySelectorAll("[data-group]").forEach((group) => {
      group.querySelector("[data-add]").addEventListener("click", () => {
        const item = addItem(group);
        say(live, fill(T.item_added, { item: group.dataset.itemLabel, n: items(group).length }));
        const first = item.querySelector("input:not([type=radio]), select, textarea, input");
        if (first) first.focus();
        changed();
      });
      group.addEventListener("click", (event) => {
        const button = event.target.closest("[data-remove]");
        if (!button) return;
        const item = button.closest("[data-item]");
        const n = items(group).indexOf(item) + 1;
        item.remove();
        renumber(group);
        say(live, fill(T.item_removed, { item: group.dataset.itemLabel, n }));
        group.querySelector("[data-add]").focus();
        changed();
      });
      group.addEventListener("change", (event) => {
        if (!event.target.matches("[data-variant-choice]")) return;
        const item = event.target.closest("[data-item]");
        item.querySelectorAll("[data-variant]").forEach((v) => { v.hidden = v.dataset.variant !== event.target.value; });
      });
    });

    /* ---------- choosing methods and municipalities (ARIA 1.2 combobox with a listbox) ---------- */

    const fold = (text) => text.toLowerCase().normalize("NFKD").replace(/\p{Mn}/gu, "");

    function setupCombos(scope) {
      scope.querySelectorAll(".mk-combo").forEach((wrapper) => {
        if (wrapper.dataset.ready) return;
        wrapper.dataset.ready = "1";
        const options = data[wrapper.dataset.choices] || [];
        const input = wrapper.querySelector("[role=combobox]");
        const listbox = wrapper.querySelector("[role=listbox]");
        const announce = wrapper.querySelector("[role=status]");
        const chips = wrapper.querySelector(".mk-chips");
        let shown = [];
        let active = -1;

        const chosen = () => Array.from(chips.querySelectorAll("[data-value]")).map((c) => c.dataset.value);

        function close() {
          listbox.hidden = true;
          input.setAttribute("aria-expanded", "false");
          input.removeAttribute("aria-activedescendant");
          active = -1;
        }

        function highlight(index) {
          active = index;
          Array.from(listbox.children).forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
          if (index >= 0) {
            input.setAttribute("aria-activedescendant", listbox.children[index].id);
            listbox.children[index].scrollIntoView({ block: "nearest" });
          } else {
            input.removeAttribute("aria-activedescendant");
          }
        }

        function open() {
          const query = fold(oneLine(input.value));
          const taken = new Set(chosen());
          shown = [];
          if (query) {
            options.forEach((o) => {
              if (taken.has(o.value)) return;
              const title = fold(o.label);
              const alias = o.aliases.find((a) => fold(a).includes(query));
              if (title.includes(query)) shown.push({ o, rank: title.startsWith(query) ? 0 : 1 });
              else if (alias) shown.push({ o, alias, rank: fold(alias).startsWith(query) ? 2 : 3 });
            });
            shown.sort((a, b) => a.rank - b.rank || a.o.label.localeCompare(b.o.label, "da"));
          }
          listbox.textContent = "";
          shown.forEach(({ o, alias }, i) => {
            const li = el("li", { role: "option", id: `${listbox.id}-${i}`, "aria-selected": "false", "data-value": o.value }, o.label);
            if (alias) li.append(el("span", { class: "mk-combo__alias" }, ` (${fill(T.alias, { alias })})`));
            listbox.append(li);
          });
          const any = shown.length > 0;
          listbox.hidden = !any;
          input.setAttribute("aria-expanded", String(any));
          active = -1;
          input.removeAttribute("aria-activedescendant");
          say(announce, query ? (any ? fill(T.suggestions, { n: shown.length }) : T.no_suggestions) : "");
        }

        function addChip(value) {
          const option = options.find((o) => o.value === value);
          if (!option || chosen().includes(value)) return;
          const remove = el("button", { type: "button", class: "mk-chip__remove" },
            T.remove, el("span", { class: "mk-sr-only" }, ` ${option.label}`));
          chips.append(el("li", { class: "mk-chip", "data-value": value }, el("span", {}, option.label), " ", remove));
          chips.hidden = false;
        }

        function choose(index) {
          const { o } = shown[index];
          addChip(o.value);
          input.value = "";
          close();
          say(announce, fill(T.chosen, { label: o.label }));
          input.focus();
          changed();
        }

        input.addEventListener("input", open);
        input.addEventListener("keydown", (event) => {
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            if (listbox.hidden) open();
            if (!shown.length) return;
            const step = event.key === "ArrowDown" ? 1 : -1;
            highlight((active + step + shown.length) % shown.length);
          } else if (event.key === "Enter") {
            if (!listbox.hidden && shown.length) {
              event.preventDefault();
              choose(active >= 0 ? active : 0);
            } else if (oneLine(input.value)) {
              event.preventDefault(); // unchosen text: never submit the form from here
            }
          } else if (event.key === "Escape") {
            if (!listbox.hidden) { event.preventDefault(); close(); } else { input.value = ""; }
          }
        });
        input.addEventListener("blur", () => setTimeout(close, 150));
        listbox.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus in the input
        listbox.addEventListener("click", (event) => {
          const li = event.target.closest("[role=option]");
          if (li) choose(Array.from(listbox.children).indexOf(li));
        });
        chips.addEventListener("click", (event) => {
          const button = event.target.closest(".mk-chip__remove");
          if (!button) return;
          const chip = button.closest("[data-value]");
          const label = chip.firstElementChild.textContent;
          chip.remove();
          chips.hidden = !chips.children.length;
          say(announce, fill(T.unchosen, { label }));
          input.focus();
          changed();
        });
        wrapper.addChip = addChip;
      });
    }

    /* ---------- the draft in localStorage ---------- */

    let saveTimer = null;

    function snapshot() {
      const values = {};
      Array.from(form.elements).forEach((c) => {
        if (!c.name || c.matches("[role=combobox], button, output")) return;
        if (c.type === "radio") { if (c.checked) values[c.name] = c.value; return; }
        if (c.type === "checkbox") { (values[c.name] = values[c.name] || []); if (c.checked) values[c.name].push(c.value); return; }
        if (c.value) values[c.name] = c.value;
      });
      const groups = {};
      form.querySelectorAll("[data-group]").forEach((g) => { groups[g.dataset.group] = items(g).length; });
      const chosen = {};
      form.querySelectorAll(".mk-combo").forEach((w) => {
        const values_ = Array.from(w.querySelectorAll(".mk-chips [data-value]")).map((c) => c.dataset.value);
        if (values_.length) chosen[w.querySelector("[role=combobox]").name] = values_;
      });
      return { saved: new Date().toISOString(), values, groups, chosen };
    }

    function save() {
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(snapshot()));
      } catch {
        /* storage full or switched off: the form still works, the draft is just not kept */
      }
    }

    function restore() {
      let draft = null;
      try {
        draft = JSON.parse(localStorage.getItem(STORAGE_KEY) || "null");
      } catch {
        draft = null;
      }
      if (!draft || typeof draft !== "object") return false;
      form.querySelectorAll("[data-group]").forEach((g) => {
        const wanted = Math.max(Number((draft.groups || {})[g.dataset.group]) || 0, Number(g.dataset.min) || 0);
        while (items(g).length < wanted) addItem(g);
      });
      const values = draft.values || {};
      Array.from(form.elements).forEach((c) => {
        if (!c.name || !(c.name in values)) return;
        const v = values[c.name];
        if (c.type === "radio") c.checked = c.value === v;
        else if (c.type === "checkbox") c.checked = Array.isArray(v) && v.includes(c.value);
        else if (!c.matches("[role=combobox], button, output")) c.value = v;
      });
      form.querySelectorAll("[data-variant-choice]:checked").forEach((r) => {
        r.closest("[data-item]").querySelectorAll("[data-variant]").forEach((v) => { v.hidden = v.dataset.variant !== r.value; });
      });
      Object.entries(draft.chosen || {}).forEach(([name, list]) => {
        const input = form.querySelector(`[role=combobox][name="${name}"]`);
        if (input && Array.isArray(list)) list.forEach((v) => input.closest(".mk-combo").addChip(v));
      });
      const restored = document.getElementById("mk-form-restored");
      const when = new Date(draft.saved);
      say(restored, fill(T.restored, { when: isNaN(when) ? "" : when.toLocaleString("da-DK", { dateStyle: "long", timeStyle: "short" }) }));
      restored.hidden = false;
      return true;
    }

    form.querySelector("[data-action=clear]").addEventListener("click", () => {
      if (!window.confirm(T.confirm_clear)) return;
      try {
        localStorage.removeItem(STORAGE_KEY);
      } catch {
        /* nothing stored */
      }
      form.reset();
      form.querySelectorAll("[data-group]").forEach((g) => {
        items(g).forEach((item) => item.remove());
        while (items(g).length < (Number(g.dataset.min) || 0)) addItem(g);
      });
      form.querySelectorAll(".mk-chips").forEach((c) => { c.textContent = ""; c.hidden = true; });
      shownErrors = false;
      showErrors([], false);
      document.getElementById("mk-form-restored").hidden = true;
      update();
      say(status, T.cleared);
      status.classList.remove("mk-form-status--ok");
      form.querySelector("input, textarea").focus();
    });

    /* ---------- wiring ---------- */

    let updateTimer = null;

    // On every keystroke the preview follows; errors, once shown, are checked again when a
    // field is left or a choice is made (not while the user is still typing).
    function changed(recheck = true) {
      clearTimeout(updateTimer);
      updateTimer = setTimeout(() => {
        update();
        if (recheck && shownErrors) showErrors(check(), false);
      }, 120);
      clearTimeout(saveTimer);
      saveTimer = setTimeout(save, 300);
    }

    form.addEventListener("input", (event) => { if (!event.target.matches("[role=combobox]")) changed(false); });
    form.addEventListener("change", (event) => { if (!event.target.matches("[role=combobox]")) changed(); });

    setupCombos(form);
    if (!restore()) {
      form.querySelectorAll("[data-group]").forEach((g) => {
        while (items(g).length < (Number(g.dataset.min) || 0)) addItem(g);
      });
    }
    form.querySelectorAll("[data-group]").forEach(renumber);
    update();
    document.getElementById("mk-form-nojs").hidden = true;
    app.hidden = false;
  }
})();

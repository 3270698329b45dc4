/*
 * Metodekataloget: what the search page (search.js) and the catalogue facets
 * (catalogue.js) share: Pagefind's JS API loaded once per bundle, and small DOM and
 * number helpers, as window.Metodekataloget. A static file with no inline script and no
 * eval: it runs under a CSP of script-src 'self' 'wasm-unsafe-eval'. Only the pages that
 * use it load it (their front matter lists `scripts`; see overrides/main.html).
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !window.URL || !window.history || !history.pushState) return;
  var ROOT = new URL("../", script.src); // this file is <site>/assets/pagefind-client.js
  var fmt = new Intl.NumberFormat("da-DK");
  var collator = new Intl.Collator("da", { numeric: true, sensitivity: "base" });

  // Two Pagefind bundles: pagefind/ indexes the pages' text for the search page;
  // pagefind-katalog/ has one small record per project (filters + table row) for the facets.
  var bundles = {};
  // The search page ranks a word found as itself (or a form of it) well above the longer
  // words it begins: "mentor" before "mentorordning"; Pagefind's default is 1.
  var RANKING = { "pagefind/": { termSimilarity: 10 } };
  function pagefind(bundle) {
    bundle = bundle || "pagefind/";
    if (!bundles[bundle]) {
      bundles[bundle] = import(new URL(bundle + "pagefind.js", ROOT).href).then(function (pf) {
        // noWorker: Pagefind's searches take milliseconds here, and its web worker would be
        // one more 41 KB file for every reader (the first search stays under 300 KB).
        return pf.options({ baseUrl: ROOT.pathname, excerptLength: 24, noWorker: true, ranking: RANKING[bundle] }).then(function () {
          return pf.init();
        }).then(function () { return pf; });
      });
    }
    return bundles[bundle];
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    return a;
  }

  function plural(n, one, many) {
    return fmt.format(n) + " " + (n === 1 ? one : many);
  }

  window.Metodekataloget = { root: ROOT, fmt: fmt, collator: collator, pagefind: pagefind, el: el, link: link,
    plural: plural };
})();

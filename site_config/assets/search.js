/*
 * Metodekataloget: the search page (/soeg/) on Pagefind's JS API (pagefind/ bundle,
 * the pages' text). Needs pagefind-client.js before it. A static file, no inline script.
 */
(function () {
  "use strict";

  var mk = window.Metodekataloget;
  if (!mk) return; // pagefind-client.js did not run (an old browser): the page works without
  var ROOT = mk.root, fmt = mk.fmt, pagefind = mk.pagefind, el = mk.el, link = mk.link, plural = mk.plural;

  function initSearch(box) {
    var form = box.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var status = box.querySelector("#mk-search-status");
    var list = box.querySelector("#mk-search-results");
    var more = box.querySelector("#mk-search-more");
    var kinds = JSON.parse(box.getAttribute("data-kinds") || "{}");
    var nojs = box.querySelector(".mk-search__nojs");
    var PAGE = 5; // results per "page": each costs the reader its fragment (a few KB)
    var seq = 0;
    var results = [];
    var shown = 0;
    if (nojs) nojs.hidden = true;

    function kindOf(url) {
      var path = url.indexOf(ROOT.pathname) === 0 ? url.slice(ROOT.pathname.length) : url;
      for (var prefix in kinds) {
        if (path.indexOf(prefix) === 0 && path.length > prefix.length) return kinds[prefix];
      }
      return "Side";
    }

    function excerpt(node, html) {
      // Pagefind's excerpt is entity-encoded text with <mark>; keep only text and <mark>.
      var doc = new DOMParser().parseFromString("<p>" + (html || "") + "</p>", "text/html");
      var p = doc.body.firstChild;
      for (var i = 0; p && i < p.childNodes.length; i++) {
        var child = p.childNodes[i];
        node.append(child.nodeName === "MARK" ? el("mark", null, child.textContent) : child.textContent);
      }
    }

    function item(data) {
      var li = el("li", "mk-search__result");
      var h = el("h2", "mk-search__title");
      h.append(link(data.url, (data.meta && data.meta.title) || data.url));
      var kind = el("p", "mk-search__kind", kindOf(data.url));
      var p = el("p", "mk-search__excerpt");
      excerpt(p, data.excerpt);
      li.append(h, kind, p);
      return li;
    }

    function describe(q) {
      var n = results.length;
      var text = n === 0 ? "Ingen resultater for »" + q + "«." : plural(n, "resultat", "resultater") + " for »" + q + "«.";
      if (n > shown) text += " Viser de første " + fmt.format(shown) + ".";
      return text;
    }

    function showMore(my, q, focus) {
      var batch = results.slice(shown, shown + PAGE);
      return Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
        if (my !== seq) return;
        var first = null;
        datas.forEach(function (d) {
          var li = item(d);
          first = first || li;
          list.append(li);
        });
        shown += datas.length;
        var left = results.length - shown;
        more.hidden = left <= 0;
        more.textContent = "Vis " + fmt.format(Math.min(PAGE, left)) + " flere (" + fmt.format(left) + " tilbage)";
        status.textContent = describe(q);
        if (focus && first) first.querySelector("a").focus();
      });
    }

    function run(q, push) {
      var my = ++seq;
      q = (q || "").trim();
      input.value = q;
      if (push) history.pushState({ q: q }, "", q ? "?q=" + encodeURIComponent(q) : location.pathname);
      list.replaceChildren();
      more.hidden = true;
      results = [];
      shown = 0;
      if (!q) {
        status.textContent = "";
        return Promise.resolve();
      }
      list.setAttribute("aria-busy", "true");
      return pagefind().then(function (pf) {
        return pf.search(q);
      }).then(function (search) {
        if (my !== seq) return;
        results = search.results;
        return showMore(my, q, false);
      }).catch(function (err) {
        if (my !== seq) return;
        status.textContent = "Søgningen kunne ikke indlæses. Prøv igen, eller brug kataloget.";
        if (window.console) console.error(err);
      }).then(function () {
        if (my === seq) list.removeAttribute("aria-busy");
      });
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      run(input.value, true);
    });
    more.addEventListener("click", function () {
      showMore(seq, input.value.trim(), true);
    });
    input.addEventListener("focus", function () { pagefind().catch(function () {}); }, { once: true });
    window.addEventListener("popstate", function () {
      run(new URLSearchParams(location.search).get("q"), false);
    });

    var q = new URLSearchParams(location.search).get("q");
    if (q) run(q, false);
    else input.focus();
  }

  function start() {
    var s = document.getElementById("mk-search");
    if (s) initSearch(s);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

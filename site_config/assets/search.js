/*
 * Metodekataloget: the search page (/soeg/) on Pagefind's JS API (pagefind/ bundle,
 * the pages' text). Needs pagefind-client.js before it. A static file, no inline script.
 */
(function () {
  "use strict";

  var mk = window.Metodekataloget;
  if (!mk) return; // pagefind-client.js did not run (an old browser): the page works without
  var fmt = mk.fmt, pagefind = mk.pagefind, el = mk.el, link = mk.link, plural = mk.plural;
  var PAGE = 10; // results per "page": each costs the reader its fragment (a few KB)
  var WORD = /[\p{L}\p{N}]+/gu;

  function norm(s) {
    return s.toLocaleLowerCase("da").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // An acronym (IPS, KL, ADHD) or a short word (af, job): it must find itself, not the
  // longer words it begins ("KL" is not "klare").
  function strict(word) {
    return word.length <= 3 || (word.length <= 8 && word === word.toLocaleUpperCase("da") && /\p{Lu}/u.test(word));
  }

  function ids(results) {
    var set = new Set();
    results.forEach(function (r) { set.add(r.id); });
    return set;
  }

  // Does the page's first match of `word` start with it (an extension, "mentor" →
  // "mentorordning"), rather than being a shorter word that starts `word`?
  function extends_(data, word) {
    var words = (data.content || "").split(/\s+/);
    var at = (data.locations || [])[0];
    var hit = at == null ? "" : norm((words[at] || "").replace(/[^\p{L}\p{N}]/gu, ""));
    return hit.length >= word.length && hit.indexOf(norm(word)) === 0;
  }

  /*
   * The pages every word of the query really occurs on, or null for no limit. Pagefind
   * extends each word to the longer words it begins, and when a word occurs nowhere it
   * falls back on a shorter indexed word that begins it ("skizofreni" found "s", "IPS"
   * found "i"). So a strict word must be found by Pagefind's exact search ("…"), and any
   * other word by its exact search or else as the start of a longer word.
   */
  function pagesWithEveryWord(pf, q) {
    if (/^\s*".+"\s*$/.test(q)) return Promise.resolve({ allowed: null }); // an exact phrase already
    var words = q.match(WORD) || [];
    return Promise.all(words.map(function (w) {
      return pf.search('"' + w + '"').then(function (exact) {
        if (strict(w)) return exact;
        if (exact.results.length) return null;
        return pf.search(w).then(function (loose) {
          if (!loose.results.length) return { results: [] };
          return loose.results[0].data().then(function (d) { return extends_(d, w) ? null : { results: [] }; });
        });
      });
    })).then(function (found) {
      var allowed = null;
      found.forEach(function (f) {
        if (!f) return;
        var set = ids(f.results);
        allowed = allowed ? new Set(Array.from(allowed).filter(function (id) { return set.has(id); })) : set;
      });
      // One strict word alone: its exact search marks only the word itself in the excerpt.
      var exact = words.length === 1 && found[0] ? found[0].results : null;
      return { allowed: allowed, exact: exact };
    });
  }

  function initSearch(box) {
    var form = box.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var status = box.querySelector("#mk-search-status");
    var none = box.querySelector("#mk-search-none");
    var list = box.querySelector("#mk-search-results");
    var more = box.querySelector("#mk-search-more");
    var kindBox = box.querySelector("#mk-search-kinds");
    var kinds = JSON.parse(box.getAttribute("data-kinds") || "[]");
    var levels = JSON.parse(box.getAttribute("data-levels") || "{}");
    var nojs = box.querySelector(".mk-search__nojs");
    var seq = 0;
    var results = [];
    var shown = 0;
    var total = 0; // results of every kind
    if (nojs) nojs.hidden = true;

    function kindByParam(param) {
      return kinds.filter(function (k) { return k.param === param; })[0] || null;
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

    // Kind, target groups and level (projects), or the record's details (methods, sources).
    function details(data) {
      var f = data.filters || {}, m = data.meta || {};
      var p = el("p", "mk-search__meta");
      var kind = (f.type || [])[0] || "";
      p.append(el("span", "mk-search__kind", kind));
      function part(node) { p.append(" · ", node); }
      if (f.maalgruppe && f.maalgruppe.length) part(el("span", null, "Målgruppe: " + f.maalgruppe.join("; ")));
      if (f.niveau && f.niveau.length) {
        var level = f.niveau[0];
        var badge = el("span", "mk-level mk-level--" + (levels[level] || "ikke_vurderet"), level);
        var wrap = el("span", null, "Dokumentationsniveau: ");
        wrap.append(badge);
        part(wrap);
      }
      if (m.detaljer) part(el("span", null, m.detaljer));
      return p;
    }

    function item(data) {
      var li = el("li", "mk-search__result");
      var h = el("h2", "mk-search__title");
      h.append(link(data.url, (data.meta && data.meta.title) || data.url));
      var p = el("p", "mk-search__excerpt");
      excerpt(p, data.excerpt);
      li.append(h, details(data), p);
      return li;
    }

    function describe(q, kind) {
      var n = results.length;
      var text;
      if (!total) text = "Ingen resultater for »" + q + "«.";
      else {
        text = plural(total, "resultat", "resultater") + " for »" + q + "«.";
        if (kind) text += " " + kind.many + ": " + fmt.format(n) + ".";
      }
      if (n > shown) text += " Viser de første " + fmt.format(shown) + ".";
      return text;
    }

    function showMore(my, focus) {
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
        if (focus && first) first.querySelector("a").focus();
      });
    }

    function showKinds(counts, total, param) {
      kindBox.hidden = !total;
      kindBox.querySelectorAll("input").forEach(function (radio) {
        var k = kindByParam(radio.value);
        var n = k ? counts[k.value] || 0 : total;
        radio.checked = radio.value === (param || "");
        radio.parentNode.querySelector(".mk-search__count").textContent = "(" + fmt.format(n) + ")";
        radio.parentNode.hidden = !n && !radio.checked;
      });
    }

    function state() {
      var params = new URLSearchParams(location.search);
      return { q: params.get("q") || "", type: params.get("type") || "" };
    }

    function run(q, param, push) {
      var my = ++seq;
      q = (q || "").trim();
      var kind = kindByParam(param);
      param = kind ? param : "";
      input.value = q;
      if (push) {
        var query = q ? "?q=" + encodeURIComponent(q) + (param ? "&type=" + encodeURIComponent(param) : "") : "";
        history.pushState({ q: q, type: param }, "", query || location.pathname);
      }
      list.replaceChildren();
      more.hidden = true;
      none.hidden = true;
      results = [];
      shown = 0;
      total = 0;
      if (!q) {
        status.textContent = "";
        kindBox.hidden = true;
        return Promise.resolve();
      }
      list.setAttribute("aria-busy", "true");
      var pf;
      return pagefind().then(function (loaded) {
        pf = loaded;
        return pagesWithEveryWord(pf, q);
      }).then(function (words) {
        var keep = function (rs) {
          if (words.exact) {
            var byId = {};
            words.exact.forEach(function (r) { byId[r.id] = r; });
            rs = rs.map(function (r) { return byId[r.id]; });
          }
          return rs.filter(function (r) { return r && (!words.allowed || words.allowed.has(r.id)); });
        };
        // One search for all kinds and one per kind: the counts beside each choice.
        return Promise.all([pf.search(q)].concat(kinds.map(function (k) {
          return pf.search(q, { filters: { type: k.value } });
        }))).then(function (searches) {
          if (my !== seq) return;
          var all = keep(searches[0].results);
          var counts = {};
          kinds.forEach(function (k, i) { counts[k.value] = keep(searches[i + 1].results).length; });
          results = kind ? keep(searches[kinds.indexOf(kind) + 1].results) : all;
          total = all.length;
          showKinds(counts, total, param);
          none.hidden = total > 0;
          return showMore(my, false).then(function () {
            if (my === seq) status.textContent = describe(q, kind);
          });
        });
      }).catch(function (err) {
        if (my !== seq) return;
        status.textContent = "Søgningen kunne ikke indlæses. Prøv igen, eller brug kataloget.";
        if (window.console) console.error(err);
      }).then(function () {
        if (my === seq) list.removeAttribute("aria-busy");
      });
    }

    function chosenKind() {
      var radio = kindBox.querySelector("input:checked");
      return radio ? radio.value : "";
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      run(input.value, chosenKind(), true);
    });
    kindBox.addEventListener("change", function () {
      run(state().q || input.value, chosenKind(), true);
    });
    more.addEventListener("click", function () {
      var my = seq;
      showMore(my, true).then(function () {
        if (my === seq) status.textContent = describe(input.value.trim(), kindByParam(chosenKind()));
      });
    });
    input.addEventListener("focus", function () { pagefind().catch(function () {}); }, { once: true });
    window.addEventListener("popstate", function () {
      var s = state();
      run(s.q, s.type, false);
    });

    var s = state();
    // No focus on load: a keyboard or screen reader user starts at the top and meets the h1.
    if (s.q) run(s.q, s.type, false);
  }

  function start() {
    var s = document.getElementById("mk-search");
    if (s) initSearch(s);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

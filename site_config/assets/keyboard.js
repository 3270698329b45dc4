/*
 * Metodekataloget: keyboard help on every page. A static file, no inline script (the
 * site's CSP forbids them): focus scrolled fully into view, and the menu drawer.
 *
 * Material's drawer is a hidden checkbox (#__drawer) toggled by a <label>: no role, no
 * name, not reachable with Tab, and its closed off-screen links still take Tab stops.
 * Here the header's <button> (overrides/partials/header.html) toggles the same checkbox,
 * so Material's own behaviour (the overlay, closing on navigation) stays as it is, and:
 *  - the button says whether the drawer is open (aria-expanded) and what it controls;
 *  - while the drawer is closed and off screen it is inert: no Tab stops, not read;
 *  - opening moves focus into the drawer and makes the page behind it inert, so Tab
 *    stays in the drawer; Escape, the drawer's close button or the overlay closes it
 *    and focus returns to the menu button (or to the heading an in-page link went to).
 */
(function () {
  "use strict";

  // Chrome scrolls a focused element into view only when none of it is in view: one that
  // is partly in view stays cut off at the window's edge (a tall field near the bottom), or
  // in a table that scrolls sideways, at its edge or under its sticky first column.
  // Scrolling such an element fully into view first leaves the browser nothing to do; the
  // scroll-padding of the page and the table keeps it clear of the header, the back-to-top
  // corner and the sticky column. Only the content scrolls: the header, the drawer and the
  // sidebars are fixed or sticky, and the sticky column's width is measured, not guessed.
  // The open menu drawer scrolls by itself (it is fixed): there only its list is scrolled.
  function reveal(el) {
    for (var box = el.parentElement; box && box.id !== "mk-drawer"; box = box.parentElement) {
      if (box.scrollHeight <= box.clientHeight || !/auto|scroll/.test(getComputedStyle(box).overflowY)) continue;
      var r = el.getBoundingClientRect(), s = box.getBoundingClientRect();
      if (r.bottom > s.bottom) box.scrollTop += Math.min(r.bottom - s.bottom, r.top - s.top);
      else if (r.top < s.top) box.scrollTop -= s.top - r.top;
      return;
    }
  }
  document.addEventListener("focusin", function (e) {
    var el = e.target;
    if (!el.closest || !el.matches(":focus-visible")) return;
    if (el.closest("#mk-drawer") && document.getElementById("__drawer").checked) return reveal(el);
    if (!el.closest(".md-content")) return;
    var r = el.getBoundingClientRect();
    var wrap = el.closest(".mk-table-wrap");
    var sideways = wrap && wrap !== el && wrap.scrollWidth > wrap.clientWidth;
    if (sideways) {
      var sticky = wrap.querySelector("tbody th[scope=row]");
      if (sticky && getComputedStyle(sticky).position === "sticky") wrap.style.scrollPaddingLeft = sticky.offsetWidth + "px";
    }
    var partly = r.bottom > 0 && r.top < window.innerHeight;
    if (sideways || partly) el.scrollIntoView({ block: "nearest", inline: "nearest" });
  });
})();

(function () {
  "use strict";

  var toggle = document.querySelector(".mk-drawer-toggle");
  var label = document.querySelector(".mk-drawer-label");
  var box = document.getElementById("__drawer");
  var drawer = document.getElementById("mk-drawer");
  if (!toggle || !box || !drawer || !("inert" in HTMLElement.prototype)) return;
  var close = drawer.querySelector(".mk-drawer-close");
  // Material's breakpoint: below it the primary sidebar is an off-canvas drawer.
  var narrow = window.matchMedia("(max-width: 76.234375em)");
  var made = [];      // what sync() made inert, to give back
  var target = null;  // an in-page link followed from the drawer

  toggle.hidden = false;
  if (label) label.hidden = true;
  if (close) close.hidden = false;

  // Panels that slide in over the menu (the current page's table of contents), each
  // opened by a checkbox and <label>s: the labels become buttons a keyboard can use.
  function asButton(el, name) {
    el.tabIndex = 0;
    el.setAttribute("role", "button");
    if (name) el.setAttribute("aria-label", name);
    el.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" && e.key !== " ") return;
      e.preventDefault();
      e.stopPropagation(); // Material's own Enter handler would click it a second time
      el.click();
    });
  }
  var panels = [];
  Array.prototype.forEach.call(drawer.querySelectorAll("input.md-nav__toggle"), function (input) {
    var item = input.parentElement;
    var panel = item.querySelector(":scope > nav.md-nav");
    var opener = item.querySelector(":scope > label[for='" + input.id + "'], :scope > .md-nav__container > label[for='" + input.id + "']");
    if (!panel || !opener) return;
    // The current page's entry opens its table of contents: say so in the name.
    asButton(opener, input.id === "__toc" ? opener.textContent.trim() + ": indholdsfortegnelse" : null);
    var back = panel.querySelector(":scope > label.md-nav__title");
    if (back) asButton(back, "Tilbage fra " + back.textContent.trim().toLocaleLowerCase("da"));
    panels.push({ input: input, panel: panel, opener: opener });
  });

  // Everything under `root` except `keep` (and what contains it) becomes inert.
  function isolate(root, keep) {
    (function walk(parent) {
      Array.prototype.forEach.call(parent.children, function (child) {
        if (keep.indexOf(child) !== -1) return;
        if (keep.some(function (k) { return child.contains(k); })) return walk(child);
        // The overlay closes the drawer on a click, so it must stay clickable.
        if (child.inert || child.matches("script, style, input.md-toggle, .md-overlay")) return;
        child.inert = true;
        made.push(child);
      });
    })(root);
  }

  function sync() {
    var open = box.checked && narrow.matches;
    made.forEach(function (el) { el.inert = false; });
    made = [];
    toggle.setAttribute("aria-expanded", String(open));
    drawer.inert = narrow.matches && !open;
    var shown = null;
    panels.forEach(function (p) {
      p.opener.setAttribute("aria-expanded", String(p.input.checked));
      if (p.input.checked) shown = p;
    });
    if (!open) return;
    isolate(document.body, [drawer]);
    if (shown) {
      isolate(drawer, [shown.panel, close]);
    } else {
      panels.forEach(function (p) { p.panel.inert = true; made.push(p.panel); });
    }
  }

  function set(open) {
    if (box.checked !== open) box.click(); // Material listens for the checkbox's change
  }

  toggle.addEventListener("click", function () { set(!box.checked); });
  if (close) close.addEventListener("click", function () { set(false); });
  box.addEventListener("change", function () {
    var had = drawer.contains(document.activeElement) || document.activeElement === document.body;
    sync();
    if (box.checked && narrow.matches) {
      (close || drawer.querySelector("a[href]")).focus();
    } else if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    } else if (had && narrow.matches) {
      toggle.focus();
    }
    target = null;
  });
  panels.forEach(function (p) {
    p.input.addEventListener("change", function () {
      sync();
      if (!box.checked || !narrow.matches) return;
      if (p.input.checked) p.panel.querySelector("a[href]").focus();
      else p.opener.focus();
    });
  });
  narrow.addEventListener("change", function () {
    if (!narrow.matches) set(false);
    sync();
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && box.checked && narrow.matches) {
      e.preventDefault();
      set(false);
    }
  });
  // Material closes the drawer when an in-page link in it is followed: focus then goes
  // to where the link leads, not back to the menu button.
  drawer.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a[href*='#']");
    if (!a || a.pathname !== location.pathname) return;
    target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
  });

  sync();
})();

/*
 * A keyboard walk recorder, installed in the page by tests/test_keyboard.py. It measures,
 * for every Tab stop, what a sighted keyboard user sees of the focused element, and
 * keeps that in window.__mkWalk, so a walk of 900 stops costs one round trip per key
 * press. Each keydown (captured before the browser moves focus) measures the element the
 * previous key press focused; flush() measures the last one.
 *
 * probe() returns null when nothing is focused (the walk has gone through the browser's
 * own UI), otherwise {id, name, problems}: id is stable per element for the page's
 * lifetime, name describes the element for error messages, problems lists what is wrong:
 *  - hidden: no box, zero opacity (of it or an ancestor), visibility hidden, clipped away;
 *  - outside the viewport;
 *  - covered: elementFromPoint at its centre (and at its top edge) is another element
 *    (the sticky header, the back-to-top button, a sticky table column …);
 *  - no focus ring, or one under 3:1 against the colour around it (SC 1.4.11).
 *
 * A walk ends when focus comes back to the element it started on, or leaves the page
 * (the browser's UI); `limit` key presses without that is a keyboard trap.
 */
() => {
  const probe = () => {
    const a = document.activeElement;
    if (!a || a === document.body || a === document.documentElement) return null;
    if (!a.__mkFocusId) {
      window.__mkFocusIds = (window.__mkFocusIds || 0) + 1;
      a.__mkFocusId = window.__mkFocusIds;
    }
    const text = (a.getAttribute("aria-label") || a.textContent || a.value || "").replace(/\s+/g, " ").trim();
    const name = a.tagName.toLowerCase() + (a.id ? "#" + a.id : "") +
      (a.className && typeof a.className === "string" ? "." + a.className.trim().split(/\s+/).join(".") : "") +
      (a.getAttribute("href") ? "[href=" + a.getAttribute("href") + "]" : "") +
      (text ? " »" + text.slice(0, 50) + "«" : "");
    const problems = [];
    const vw = document.documentElement.clientWidth;
    const vh = document.documentElement.clientHeight;

    // --- visible at all
    const style = getComputedStyle(a);
    let opacity = 1;
    for (let n = a; n && n.nodeType === 1; n = n.parentElement) opacity *= Number(getComputedStyle(n).opacity);
    const rects = Array.from(a.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length || style.visibility !== "visible" || opacity < 0.5) {
      problems.push("hidden (opacity " + opacity.toFixed(2) + ", " + rects.length + " boxes, visibility " + style.visibility + ")");
      return { id: a.__mkFocusId, name: name, problems: problems, transient: a.matches(".md-top") };
    }
    const box = a.getBoundingClientRect();
    if (box.width < 4 || box.height < 4) problems.push("hidden (" + box.width + "×" + box.height + " px)");

    // --- in the viewport: the whole element when it fits (a control, a link), else, for a
    // scrolling region higher than the window leaves free, a part of it of at least 24 px
    const fits = box.width <= vw && box.height <= vh / 2;
    const clip = { left: Math.max(box.left, 0), top: Math.max(box.top, 0), right: Math.min(box.right, vw), bottom: Math.min(box.bottom, vh) };
    const inside = fits
      ? box.left >= -1 && box.top >= -1 && box.right <= vw + 1 && box.bottom <= vh + 1
      : clip.right - clip.left >= Math.min(24, box.width) && clip.bottom - clip.top >= Math.min(24, box.height);
    if (!inside) problems.push("outside the viewport (" + [box.left, box.top, box.right, box.bottom].map(Math.round).join(", ") + ")");

    // --- not covered: the element (or its content) is what is on top at its centre
    const r = fits ? rects[0] : clip;
    const cx = (r.left + r.right) / 2, cy = (r.top + r.bottom) / 2;
    const hit = document.elementFromPoint(Math.min(Math.max(cx, 0), vw - 1), Math.min(Math.max(cy, 0), vh - 1));
    const own = (n) => n && (n === a || a.contains(n) || (a.labels && Array.from(a.labels).some((l) => l.contains(n))));
    if (!own(hit)) {
      const by = hit ? hit.tagName.toLowerCase() + (hit.className && typeof hit.className === "string" ? "." + hit.className.trim().split(/\s+/)[0] : "") : "nothing";
      problems.push("covered by " + by + " at (" + Math.round(cx) + ", " + Math.round(cy) + ")");
    }
    // A control partly hidden under the header counts too (a tall scrolling region,
    // higher than the space below the header, may have its top edge under it).
    if (fits && own(hit) && box.height <= vh / 4) {
      const top = document.elementFromPoint(Math.min(Math.max(cx, 0), vw - 1), Math.max(r.top + 2, 0));
      if (!own(top)) problems.push("top edge covered by " + (top ? top.tagName.toLowerCase() + "." + String(top.className).split(" ")[0] : "nothing"));
    }

    // --- a focus indicator of at least 3:1 against what surrounds it
    function rgba(c) {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return [0, 0, 0, 0];
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    function over(top, under) {
      const al = top[3];
      return [0, 1, 2].map((i) => top[i] * al + under[i] * (1 - al)).concat([1]);
    }
    function background(node) {
      const layers = [];
      for (let n = node; n && n.nodeType === 1; n = n.parentElement) {
        const c = rgba(getComputedStyle(n).backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      let bg = [255, 255, 255, 1];
      for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
      return bg;
    }
    function lum(c) {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
      return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
    }
    function contrast(x, y) {
      const l1 = lum(x), l2 = lum(y);
      return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    }
    const width = parseFloat(style.outlineWidth);
    let ratio = 0;
    if (style.outlineStyle !== "none" && width >= 2) {
      const ring = rgba(style.outlineColor);
      // A ring outside the element is seen against what is drawn there (found at a point
      // on the ring, beside the element); a ring inside it against the element's colour.
      const offset = parseFloat(style.outlineOffset);
      let around = a;
      if (offset >= 0) {
        const gap = offset + width / 2;
        const x = box.left - gap >= 0 ? box.left - gap : Math.min(box.right + gap, vw - 1);
        const y = Math.min((clip.top + clip.bottom) / 2, vh - 1);
        around = document.elementsFromPoint(x, y).find((n) => !own(n)) || a.parentElement || a;
      }
      around = background(around);
      ratio = contrast(over(ring, around), around);
      if (ratio < 3) problems.push("focus ring " + ratio.toFixed(2) + ":1 against its surroundings");
    } else {
      problems.push("no focus ring (outline " + style.outlineStyle + " " + style.outlineWidth + ")");
    }
    return { id: a.__mkFocusId, name: name, problems: problems, transient: a.matches(".md-top") };
  };

  // A walk begins on the focused element (or, from the top of the page, on the first stop)
  // and ends when focus is back on it; then further Tab presses are held back, so focus
  // stays there. Focus on nothing (the browser's own UI) is where a walk goes round, right
  // before it is back on its first stop, or once on the way (`gaps`) for a walk that began
  // part-way round (in the drawer). Anywhere else focus was lost to the page itself.
  // A stop that shows a problem is measured again after the next frame, with the key
  // press that would leave it held back: Material moves its sidebars and back-to-top
  // button in response to scrolling one frame later, so the first look can be stale.
  const walk = {
    ids: [], problems: [], recent: [], first: null, done: true, hold: false, gap: false, gaps: 0,
    pending: false, settled: null,
    start(gaps) {
      const a = document.activeElement;
      const from = a && a !== document.body ? probe() : null;
      this.ids = from ? [from.id] : []; this.first = from ? from.id : null;
      this.recent = from ? [from.name] : [];
      this.problems = from && from.problems.length ? [from.name + ": " + from.problems.join("; ")] : [];
      this.done = false; this.hold = false; this.gap = false; this.gaps = gaps;
      this.pending = false; this.settled = a;
    },
    record(event) {
      if (this.hold || this.pending) { event.preventDefault(); return; }
      if (this.done) return;
      if (this.settled && this.settled === document.activeElement) { this.settled = null; return; }
      const r = probe();
      if (r === null) { this.gap = this.ids.length > 0; return; }
      if (r.id === this.first) { this.done = this.hold = true; event.preventDefault(); return; }
      if (r.problems.length) {
        this.pending = true;
        event.preventDefault();
        let once = false;
        const again = () => {
          if (once) return;
          once = true;
          this.pending = false;
          this.settled = document.activeElement;
          const second = probe();
          if (second) this.keep(second);
          else this.gap = true;
        };
        requestAnimationFrame(() => setTimeout(again));
        setTimeout(again, 200);
        return;
      }
      this.keep(r);
    },
    keep(r) {
      if (this.gap && this.gaps-- <= 0) {
        this.problems.push("focus was lost to the page between " + this.recent.slice(-1)[0] + " and " + r.name);
      }
      this.gap = false;
      if (this.first === null) this.first = r.id;
      // Tilbage til start is a stop only while it is shown, so it is checked but not counted.
      if (!r.transient) this.ids.push(r.id);
      this.recent = this.recent.slice(-9).concat([r.name]);
      if (r.problems.length) this.problems.push(r.name + ": " + r.problems.join("; "));
    },
    element(id) {
      for (const el of document.querySelectorAll("*")) if (el.__mkFocusId === id) return el;
      return null;
    },
  };
  window.__mkWalk = walk;
  window.addEventListener("keydown", (e) => { if (e.key === "Tab") walk.record(e); }, true);
}

"""Keyboard use as people use it (WCAG 2.2 AA), on every page type at 1280 and 375 px:

- every Tab stop, forwards and backwards, is visible, inside the window, not covered by
  the sticky header or any other fixed element, and has a focus ring of at least 3:1;
  Shift+Tab visits the stops in exactly the reverse order, and both walks come back round
  to where they began (no keyboard trap);
- the menu drawer opens, traps and closes with the keyboard;
- the catalogue's filters, the search page and the comparison work with the keyboard
  alone: what the live regions say and where focus lands.

The walk is measured inside the page (focus_walk.js): one round trip per key press, so
the 900 stops of /katalog/ take seconds, not minutes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_pages import PAGE_TYPES, VIEWPORTS, page_path, settled

WALK = (Path(__file__).parent / "focus_walk.js").read_text(encoding="utf-8")
FOCUSABLE = "a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]"
# Pages that finish building themselves after loading (Pagefind facets, compare.json).
READY = {"katalog": "#mk-facets fieldset", "sammenlign": "#mk-compare-status:not(:empty)"}
ACTIVE = "() => { const a = document.activeElement; return a !== document.body ? a.outerHTML.slice(0, 200) : null; }"


def walk(tab, backwards: bool = False, midway: bool = False, chunk: int = 40) -> dict:
    """Tab from the top of the page until focus is back on the first stop; or Shift+Tab from
    the last stop of the walk before until it is back there; or (`midway`) Tab from the
    focused element until it is back there. Tab is held down: each repeat is one more Tab,
    one round trip to the browser. Ends with focus where the walk began."""
    limit = 2 * tab.evaluate(f"document.querySelectorAll({FOCUSABLE!r}).length") + chunk
    if backwards:
        tab.evaluate("() => { const w = window.__mkWalk; w.element(w.ids[w.ids.length - 1]).focus(); w.start(0); }")
        tab.keyboard.down("Shift")
    else:
        tab.evaluate("gaps => window.__mkWalk.start(gaps)", 1 if midway else 0)
    pressed = 0
    try:
        while pressed < limit and not tab.evaluate("window.__mkWalk.done"):
            for _ in range(chunk):
                tab.keyboard.down("Tab")
            pressed += chunk
    finally:
        tab.keyboard.up("Tab")
        if backwards:
            tab.keyboard.up("Shift")
    return tab.evaluate("() => { const w = window.__mkWalk; w.hold = false; "
                        "return {done: w.done, ids: w.ids, problems: w.problems, recent: w.recent}; }")


def open_page(tab, site_url: str, path: str, kind: str | None = None):
    tab.goto(site_url + path)
    if kind in READY:
        tab.wait_for_selector(READY[kind], state="attached")
    tab.evaluate(WALK)


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_every_tab_stop_is_seen_and_tab_comes_back_round(kind, view, site_url, built_site):
    path = page_path(built_site, kind)
    where = f"/{path} at {view.viewport_size['width']} px"
    open_page(view, site_url, path, kind)
    forward = walk(view)
    assert forward["done"], f"{where}: Tab never came back round (trap?); last stops:\n" + "\n".join(forward["recent"])
    backward = walk(view, backwards=True)
    assert backward["done"], f"{where}: Shift+Tab never came back round; last stops:\n" + "\n".join(backward["recent"])
    assert backward["ids"] == forward["ids"][::-1], f"{where}: Shift+Tab does not visit the stops in reverse order"
    problems = forward["problems"] + backward["problems"]
    assert not problems, f"{where}, {len(forward['ids'])} Tab stops:\n" + "\n".join(problems[:25])


def press_until(tab, key: str, test: str, most: int = 60) -> int:
    """Press `key` until the focused element passes `test` (a JS function of it)."""
    for n in range(1, most + 1):
        tab.keyboard.press(key)
        if tab.evaluate(f"() => {{ const a = document.activeElement; return !!a && ({test})(a); }}"):
            return n
    raise AssertionError(f"{key} ×{most} never reached {test}; focus is on {tab.evaluate(ACTIVE)}")


def focused(tab, test: str) -> bool:
    return tab.evaluate(f"() => {{ const a = document.activeElement; return !!a && ({test})(a); }}")


def says(tab, selector: str, pattern: str):
    """Wait until the text of `selector` (a live region) matches the regular expression."""
    tab.wait_for_function("([s, p]) => new RegExp(p).test(document.querySelector(s).textContent)",
                          arg=[selector, pattern])


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=VIEWPORTS["mobile"], locale="da-DK")
    tab = context.new_page()
    yield tab
    context.close()


def test_the_menu_drawer_works_with_the_keyboard(phone, site_url, built_site):
    open_page(phone, site_url, page_path(built_site, "om"))
    toggle = phone.get_by_role("button", name="Menu", exact=True)
    drawer = phone.locator("#mk-drawer")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert toggle.get_attribute("aria-controls") == "mk-drawer"
    assert drawer.evaluate("d => d.inert"), "the closed drawer must be inert (no hidden Tab stops)"
    # Tab reaches the button right after the skip link
    assert press_until(phone, "Tab", "a => a.classList.contains('mk-drawer-toggle')", most=3) == 2
    phone.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert not drawer.evaluate("d => d.inert")
    assert focused(phone, "a => a.matches('#mk-drawer .mk-drawer-close')"), "opening must move focus into the drawer"
    # Tab stays in the drawer, every stop there is seen, and it comes back round
    settled(phone)
    stops = walk(phone, midway=True)
    assert stops["done"] and not stops["problems"], stops["problems"] or stops["recent"]
    outside = phone.evaluate("() => { const d = document.getElementById('mk-drawer');"
                             "  return Array.from(document.querySelectorAll('*'))"
                             "    .filter(e => e.__mkFocusId && !d.contains(e)).map(e => e.outerHTML.slice(0, 100)); }")
    assert not outside, f"Tab left the open drawer for the page behind it: {outside[:3]}"
    assert len(stops["ids"]) > 10
    # Escape closes it and gives focus back to the button
    phone.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert focused(phone, "a => a.classList.contains('mk-drawer-toggle')")
    assert drawer.evaluate("d => d.inert")
    assert not phone.locator(".md-content").evaluate("c => c.closest('[inert]') !== null")
    # Space opens it; its close button closes it, focus back on the menu button
    phone.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "true"
    phone.keyboard.press("Enter")  # on "Luk menuen"
    assert toggle.get_attribute("aria-expanded") == "false"
    assert focused(phone, "a => a.classList.contains('mk-drawer-toggle')")
    # The page's table of contents slides in over the menu: its opener is a button, focus
    # goes to its first link, its back button returns focus to the opener
    phone.keyboard.press("Enter")
    opener = phone.locator("#mk-drawer label.md-nav__link[for='__toc']")
    press_until(phone, "Tab", "a => a.matches('#mk-drawer label.md-nav__link[for=\"__toc\"]')")
    assert opener.get_attribute("role") == "button" and opener.get_attribute("aria-expanded") == "false"
    phone.keyboard.press("Enter")
    assert opener.get_attribute("aria-expanded") == "true"
    assert focused(phone, "a => a.matches('#mk-drawer .md-nav--secondary a[href^=\"#\"]')"), phone.evaluate(ACTIVE)
    settled(phone)
    stops = walk(phone, midway=True)
    assert stops["done"] and not stops["problems"], stops["problems"] or stops["recent"]
    phone.keyboard.press("Shift+Tab")
    assert focused(phone, "a => a.matches('.md-nav--secondary > label.md-nav__title[role=button]')")
    phone.keyboard.press("Enter")
    assert opener.get_attribute("aria-expanded") == "false"
    assert focused(phone, "a => a.matches('#mk-drawer label.md-nav__link[for=\"__toc\"]')")
    # Following a link to a heading closes the drawer, and focus goes to the heading
    phone.keyboard.press("Enter")
    target = phone.evaluate("document.activeElement.hash.slice(1)")
    phone.keyboard.press("Enter")
    phone.wait_for_function("() => document.querySelector('.mk-drawer-toggle').ariaExpanded === 'false'")
    phone.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=target)


def test_the_table_of_contents_comes_after_the_content(page, site_url, built_site):
    with_toc = [kind for kind in PAGE_TYPES if not kind.startswith("404") and re.search(
        r'data-md-type="toc"\s*>', (built_site / page_path(built_site, kind) / "index.html").read_text("utf-8"))]
    assert with_toc, "no page type shows a table of contents"
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(site_url + page_path(built_site, with_toc[0]))
    toc = page.locator(".md-sidebar--secondary a[href^='#']").first
    assert toc.is_visible() and toc.bounding_box()["x"] > 900, "shown on the right"
    last = page.locator(f"#hovedindhold :is({FOCUSABLE})").last
    page.evaluate("a => a.focus()", last.element_handle())
    page.keyboard.press("Tab")
    assert focused(page, "a => !!a.closest('.md-sidebar--secondary')"), page.evaluate(ACTIVE)


def test_back_to_top_takes_no_focus_while_hidden(phone, site_url, built_site):
    open_page(phone, site_url, page_path(built_site, "katalog"), "katalog")
    top = phone.locator(".md-top")
    assert not top.evaluate("b => { b.focus(); return document.activeElement === b; }"), "hidden, yet focusable"
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    phone.wait_for_timeout(100)
    phone.evaluate("window.scrollBy(0, -200)")
    phone.wait_for_function("() => !document.querySelector('.md-top').hidden")
    box = top.bounding_box()
    assert box["y"] + box["height"] > 740 - 60, "shown, it sits at the bottom of the window, clear of the header"


def test_catalogue_filters_with_the_keyboard(phone, site_url, built_site):
    path = page_path(built_site, "katalog")
    open_page(phone, site_url, path, "katalog")
    status = phone.locator("#mk-facets .mk-facets__status")
    assert status.get_attribute("aria-live") == "polite"
    # A skip link before the ~100 filter values goes straight to the table
    press_until(phone, "Tab", "a => a.matches('.mk-facets__skip a')", most=8)
    phone.keyboard.press("Enter")
    phone.keyboard.press("Tab")
    assert focused(phone, "a => !!a.closest('table#katalog')"), phone.evaluate(ACTIVE)
    # On a phone the filters are folded away behind "Vis filtre"; open it, tick a value
    open_page(phone, site_url, path, "katalog")
    press_until(phone, "Tab", "a => a.matches('summary.mk-facets__summary')", most=10)
    phone.keyboard.press("Enter")
    press_until(phone, "Tab", "a => a.matches('#mk-facets input[type=checkbox]')", most=5)
    box = phone.evaluate("document.activeElement.id")
    phone.keyboard.press("Space")
    says(phone, ".mk-facets__status", r"matcher filtrene\.")
    assert focused(phone, f"a => a.id === {box!r}") and phone.locator("#" + box).is_checked()
    # "Ryd alle" comes before the filter groups: Shift+Tab reaches it, Enter clears
    clear = phone.locator(".mk-facets__clear")
    assert clear.evaluate("b => !!(b.compareDocumentPosition(document.querySelector('.mk-facet')) & 4)")  # FOLLOWING
    press_until(phone, "Shift+Tab", "a => a.matches('.mk-facets__clear')", most=6)
    phone.keyboard.press("Enter")
    says(phone, ".mk-facets__status", "^Ingen filtre valgt")
    assert focused(phone, "a => a.id === 'mk-facets-heading'")
    assert not phone.locator("#" + box).is_checked()


def test_search_with_the_keyboard(view, site_url, built_site):
    open_page(view, site_url, page_path(built_site, "soeg"))
    assert view.evaluate(ACTIVE) is None, "nothing is focused on load, so the h1 is met first"
    view.keyboard.press("Tab")  # the skip link, past the header and menu
    view.keyboard.press("Enter")
    view.keyboard.press("Tab")
    assert focused(view, "a => a.id === 'mk-search-q'"), view.evaluate(ACTIVE)
    view.keyboard.type("beskæftigelse")
    view.keyboard.press("Enter")
    status = view.locator("#mk-search-status")
    assert status.get_attribute("aria-live") == "polite"
    says(view, "#mk-search-status", r"^[\d.]+ resultat(er)? for »beskæftigelse«\.")
    assert focused(view, "a => a.id === 'mk-search-q'"), "searching leaves focus in the field"
    view.keyboard.press("Tab")  # the submit button
    view.keyboard.press("Tab")  # the filter by kind: one stop, on the chosen kind
    assert focused(view, "a => a.name === 'type' && a.checked && a.value === ''"), view.evaluate(ACTIVE)
    view.keyboard.press("Tab")
    assert focused(view, "a => a.matches('#mk-search-results li:first-child a')"), view.evaluate(ACTIVE)
    more = view.locator("#mk-search-more")
    if more.is_visible():
        before = view.locator("#mk-search-results li").count()
        more.focus()
        view.keyboard.press("Enter")
        view.wait_for_function("n => document.querySelectorAll('#mk-search-results li').length > n", arg=before)
        assert focused(view, f"a => a.matches('#mk-search-results li:nth-child({before + 1}) a')")
    # the page's search and the header's have names of their own
    names = view.evaluate("Array.from(document.querySelectorAll('[role=search]'))"
                          ".map(f => f.getAttribute('aria-label') || f.getAttribute('aria-labelledby'))")
    assert len(set(names)) == len(names), names


def test_compare_with_the_keyboard(view, site_url, built_site):
    open_page(view, site_url, page_path(built_site, "sammenlign"), "sammenlign")
    status = view.locator("#mk-compare-status")
    assert status.get_attribute("role") == "status"
    labels = view.locator("#mk-compare-form fieldset[data-kind=projects] .mk-compare__choices label")
    total = labels.count()
    first, second = (labels.nth(i).inner_text().strip() for i in (0, 1))

    def choose(title: str):
        press_until(view, "Shift+Tab" if focused(view, "a => a.type === 'checkbox'") else "Tab",
                    "a => a.id === 'mk-find-projects'", most=3)
        view.keyboard.press("Control+a")
        view.keyboard.type(title)
        found = view.locator("#mk-found-projects")
        view.wait_for_function("() => document.getElementById('mk-found-projects').textContent !== ''")
        assert re.fullmatch(rf"Viser \d+ af {total} projekter\.", found.inner_text()), found.inner_text()
        assert found.get_attribute("role") == "status"
        press_until(view, "Tab", f"a => a.type === 'checkbox' && a.labels[0].textContent.trim() === {title!r}", most=6)
        before = view.evaluate("document.activeElement.getBoundingClientRect().top")
        view.keyboard.press("Space")
        return before

    view.keyboard.press("Tab")  # the skip link
    view.keyboard.press("Enter")
    choose(first)
    says(view, "#mk-compare-status", "^Vælg mindst ét projekt mere")
    top = choose(second)
    says(view, "#mk-compare-status", "^Sammenligner 2 projekter: ")
    # the table appeared below the lists: the ticked box has not moved, focus is still on it
    assert focused(view, "a => a.type === 'checkbox' && a.checked")
    assert abs(view.evaluate("document.activeElement.getBoundingClientRect().top") - top) < 1
    # the list ends with a link to the table, which takes focus there
    press_until(view, "Tab", "a => a.matches('.mk-compare__jump a')", most=4)
    view.keyboard.press("Enter")
    assert focused(view, "a => a.id === 'mk-compare-projects'")
    headers = view.locator("#mk-compare-projects thead th").all_inner_texts()
    assert [h.strip() for h in headers] == ["Felt", first, second], headers
    # Fjern, by keyboard: focus goes to the status, which says what is left
    press_until(view, "Tab", "a => a.matches('.mk-compare__remove')", most=4)
    assert view.evaluate("document.activeElement.getAttribute('aria-label')") == f"Fjern {first} fra sammenligningen"
    view.keyboard.press("Enter")
    says(view, "#mk-compare-status", "^Vælg mindst ét projekt mere")
    assert focused(view, "a => a.id === 'mk-compare-status'")

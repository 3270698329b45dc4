"""Accessibility gate: axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules, and the landmark
and heading best practices) on every page type at desktop and mobile width and in use
(filters chosen, projects compared, the menu open), plus what axe cannot see: the skip
link, visible focus, the 404 page and the print stylesheet (the keyboard walks are in
test_keyboard.py). The site is served with its real CSP (conftest.site_url)."""

from __future__ import annotations

import pytest
from site_pages import PAGE_TYPES, VIEWPORTS, page_path, settled, violations

from generator.config import ROOT, SiteConfig


@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_axe_violations(kind, view, site_url, built_site):
    path = page_path(built_site, kind)
    view.goto(site_url + path, wait_until="load")
    found = violations(view)
    assert not found, f"/{path} at {view.viewport_size['width']}px:\n" + "\n".join(found)


def test_no_axe_violations_with_search_results_shown(view, site_url, built_site):
    path = page_path(built_site, "soeg")
    view.goto(site_url + path)
    before = view.locator("main a[href]").count()
    view.goto(site_url + path + "?q=" + "beskæftigelse")
    # the results are links the page did not have before the search
    view.wait_for_function("n => document.querySelectorAll('main a[href]').length > n", arg=before, timeout=10_000)
    found = violations(view)
    assert not found, f"/{path}?q=… at {view.viewport_size['width']}px:\n" + "\n".join(found)


def test_no_axe_violations_with_filters_chosen_and_projects_compared(view, site_url, built_site):
    """The states the keyboard tests reach: chips, counts and Ryd alle on /katalog/; the
    comparison tables with their Fjern buttons on /sammenlign/."""
    view.goto(site_url + page_path(built_site, "katalog"))
    box = view.locator("#mk-facets input[type=checkbox]").first
    box.wait_for(state="attached")
    view.goto(site_url + f"katalog/?{box.get_attribute('name')}={box.get_attribute('value')}")
    view.wait_for_function("() => /matcher filtrene/.test(document.querySelector('.mk-facets__status').textContent)")
    found = violations(view)
    view.goto(site_url + page_path(built_site, "sammenlign"))
    values = "bs => bs.map(b => b.value)"
    chosen = {kind: ",".join(view.locator(f"#mk-compare-form input[name={kind}]").evaluate_all(values)[:n])
              for kind, n in (("projekter", 4), ("metoder", 2))}
    view.goto(site_url + f"sammenlign/?projekter={chosen['projekter']}&metoder={chosen['metoder']}")
    view.wait_for_selector("#mk-compare-methods .mk-compare__remove")
    found += violations(view)
    assert not found, f"at {view.viewport_size['width']}px:\n" + "\n".join(found)


def test_no_axe_violations_with_the_mobile_menu_open(browser, site_url, built_site):
    context = browser.new_context(viewport=VIEWPORTS["mobile"], locale="da-DK")
    tab = context.new_page()
    try:
        tab.goto(site_url + page_path(built_site, "metodeoversigt"))
        tab.get_by_role("button", name="Menu", exact=True).click()
        tab.locator(".md-sidebar--primary").wait_for(state="visible")
        found = violations(tab)
        # and with the table of contents slid in over the menu
        tab.goto(site_url + page_path(built_site, "bidrag"))
        tab.get_by_role("button", name="Menu", exact=True).click()
        tab.locator("#mk-drawer label.md-nav__link[for='__toc']").click()
        tab.wait_for_function("() => document.activeElement.closest('#mk-drawer .md-nav--secondary')")
        settled(tab)
        found += violations(tab)
        assert not found, "\n".join(found)
    finally:
        context.close()


def test_skip_link_is_first_visible_on_focus_and_lands_on_the_h1(page, site_url, built_site):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(site_url + page_path(built_site, "projekt"))
    page.keyboard.press("Tab")
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'", timeout=2000)
    focused = page.evaluate("""() => { const a = document.activeElement; const s = getComputedStyle(a);
        return {text: a.textContent.trim(), href: a.getAttribute('href'), opacity: s.opacity,
                outline: s.outlineStyle, visible: a.getBoundingClientRect().width > 0}; }""")
    assert focused["text"] == "Gå til indholdet"
    assert focused["href"] == "#hovedindhold"
    assert focused["visible"] and float(focused["opacity"]) == 1.0
    # the target starts with the page's one h1, so nothing of the content is skipped
    first_heading = page.evaluate("document.querySelector('#hovedindhold h1, #hovedindhold h2').tagName")
    assert first_heading == "H1"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#hovedindhold"
    page.keyboard.press("Tab")
    inside = page.evaluate("document.getElementById('hovedindhold').contains(document.activeElement)")
    assert inside, "the next Tab after the skip link must land in the content"


def test_focus_is_visible_on_links_and_scrollable_tables(page, site_url, built_site):
    page.set_viewport_size(VIEWPORTS["mobile"])
    page.goto(site_url + page_path(built_site, "projekt"))
    for selector in ("#hovedindhold a[href]", ".mk-table-wrap"):
        element = page.locator(selector).first
        if not element.count():
            continue
        element.focus()
        page.keyboard.press("Shift+Tab")  # focus by keyboard, so :focus-visible applies
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return [s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
        assert style[0] != "none" and style[1] >= 2, f"{selector}: focus outline {style}"


def test_scrollable_tables_are_named_keyboard_regions(page, site_url, built_site):
    page.goto(site_url + "katalog/")
    wraps = page.locator(".mk-table-wrap")
    for i in range(wraps.count()):
        w = wraps.nth(i)
        assert w.get_attribute("tabindex") == "0"
        assert w.get_attribute("role") == "region" and w.get_attribute("aria-label")


def test_404_page_is_danish_and_helps_on(page, site_url):
    response = page.goto(site_url + "findes/ikke/her/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Siden findes ikke"
    assert page.title().startswith("Siden findes ikke")
    page.get_by_role("link", name="Gå til forsiden").click()
    page.wait_for_url(site_url)
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("kind", ["projekt", "metode"])
def test_project_and_method_print_as_a_clean_one_pager(kind, page, site_url, built_site):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(site_url + page_path(built_site, kind))
    page.emulate_media(media="print")
    hidden = (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-top", ".mk-edit")
    for selector in hidden:
        for element in page.locator(selector).all():
            assert element.evaluate("e => getComputedStyle(e).display") == "none", f"{selector} prints"
    assert page.locator("h1").is_visible()
    content = page.locator(".md-content").bounding_box()
    assert content["width"] > 0.8 * page.viewport_size["width"] - 100, "content should use the page width"
    assert page.locator("#hovedindhold table").first.is_visible() or kind == "metode"
    page.emulate_media(media="screen")
    assert page.locator(".md-header").is_visible()


def test_the_accessibility_statement_meets_the_law(page, site_url):
    """Digitaliseringsstyrelsen: a statement made in WAS-Tool, linked from every footer."""
    page.goto(site_url)
    page.locator("footer").get_by_role("link", name="Tilgængelighedserklæring").click()
    text = page.locator("#hovedindhold").inner_text()
    for phrase in ("WAS-Tool", "was.digst.dk", "/was", "Digitaliseringsstyrelsen", "WCAG 2.2"):
        assert phrase in text, phrase
    # the official statement is the operating organisation's, reached by mail, not a dead link
    organisation = SiteConfig.load(ROOT).site["organisation"]
    assert organisation["name"] in text
    mail = page.locator("#hovedindhold a[href^='mailto:']")
    assert mail.get_attribute("href") == "mailto:" + organisation["accessibility_email"]
    assert not page.locator("#hovedindhold a[href$='/was'], #hovedindhold a[href='was']").count()
    page.goto(site_url + "privatliv/")
    text = page.locator("#hovedindhold").inner_text().lower()
    for phrase in ("ingen cookies", "ingen sporing", "tredjepart"):
        assert phrase in text, phrase

"""The caseworker's path (issue 10), in Chromium at desktop and phone width: from the
front page to the guide for people with mental illness in one click, its methods in
order with their counts, and a project's headline outcome with value, denominator and
rate. Also the sortable methods table on /metoder/."""

from __future__ import annotations

import re

import pytest

from generator import knowledge

WIDTHS = {"desktop": (1280, 900), "mobile": (375, 740)}


@pytest.fixture(params=list(WIDTHS))
def tab(request, browser):
    w, h = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": w, "height": h}, locale="da-DK")
    yield context.new_page()
    context.close()


def test_from_the_front_page_to_a_headline_outcome(tab, site_url, catalogue):
    known = knowledge.knowledge(catalogue)
    guide = knowledge.guides(catalogue, known)["psykisk_saarbare"]
    tab.goto(site_url)
    link = tab.locator("#forside-maalgrupper a", has_text=guide.label)
    assert link.is_visible()
    link.click()  # one click
    tab.wait_for_url(re.compile(r"/maalgrupper/psykisk-saarbare/$"))
    assert tab.locator("h1").inner_text() == guide.label

    rows = tab.locator("#maalgruppe-metoder tbody tr")
    assert rows.count() == len(guide.methods)
    for i, gm in enumerate(guide.methods[:5]):
        cells = [c.strip() for c in rows.nth(i).locator("th, td").all_inner_texts()]
        assert cells[0].startswith(gm.knowledge.method.title)
        t = gm.knowledge.tables[0]
        assert cells[1:4] == [str(t.count(lv)) for lv in catalogue.config.assessed_levels]
        assert cells[4] == str(len(gm.projects))

    full = next(p for p in guide.outcomes if p.headline.count is not None and p.headline.denominator
                and p.headline.rate is not None)
    tab.locator("#maalgruppe-effekt a", has_text=full.title).click()
    tab.wait_for_url(re.compile(rf"/projekter/{full.slug}/$"))
    headline = tab.locator("dd.mk-headline strong")
    assert headline.is_visible()
    h = full.headline
    text = headline.inner_text()
    assert f"{h.count:g} af {h.denominator}" in text and re.search(r"\(\d+(,\d)? %", text), text


def test_the_methods_table_sorts_and_returns_to_the_stated_order(tab, site_url, catalogue):
    known = knowledge.knowledge(catalogue)
    default = [catalogue.methods[s].title for s in knowledge.method_order(known)]
    tab.goto(site_url + "metoder/")
    table = tab.locator("#metoder-viden")

    def titles():
        return [t.split("\n")[0].strip() for t in table.locator("tbody th").all_inner_texts()]

    assert titles() == default
    idea = table.locator("thead th[data-sort-col='3'] button")
    idea.click()
    assert table.locator("thead th[data-sort-col='3']").get_attribute("aria-sort") == "descending"
    ideas = [known[s].tables[0].count("idé") for s in known]
    first = titles()[0]
    assert known[next(s for s in known if catalogue.methods[s].title == first)].tables[0].count("idé") == max(ideas)
    assert "Sorteret efter" in tab.locator("#metoder-viden-status").inner_text()
    tab.get_by_role("button", name="Standardrækkefølge").click()
    assert titles() == default

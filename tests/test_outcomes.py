"""The headline result: only an effect measure, with value, denominator and rate, the
same words everywhere (site_config/outcomes.yml)."""

from __future__ import annotations

import csv
import io

import pytest
from markupsafe import escape

from generator import outcomes
from generator.config import ROOT, SiteConfig
from generator.model import Benchmark, Result, headline

CFG = SiteConfig.load(ROOT)
ORDER = CFG.outcomes["outcome"]


def res(indicator, value, unit="personer", denominator=None, benchmark=None, label="x", location="afsnit 1"):
    return Result(indicator=indicator, label=label, value=value, unit=unit, location=location,
                  denominator=denominator, benchmark=benchmark)


def text(results) -> str:
    return outcomes.text(headline(tuple(results), ORDER), CFG.outcomes)


def test_every_indicator_has_one_class_and_outcomes_a_short_label():
    classes = [CFG.outcomes[k] for k in ("outcome", "progress", "process")]
    named = [i for c in classes for i in c]
    assert len(named) == len(set(named)) and set(named) <= set(CFG.vocabularies["indicators"])
    assert set(CFG.vocabularies["indicators"]) - set(named) == {"other"}
    assert set(CFG.outcomes["short_labels"]) == set(ORDER)


@pytest.mark.parametrize("results", [
    [res("participation", 40, denominator=50), res("activity", 12, "antal")],
    [res("satisfaction", 90, "procent", denominator=20)],
    [res("progression", 30, "procent", denominator=60), res("social_competence", 5)],
    [res("other", 3), res("job", None)],
    [],
])
def test_no_outcome_no_headline(results):
    assert headline(tuple(results), ORDER) is None
    assert text(results) == "Intet effektmål oplyst"


def test_a_count_with_its_denominator_gets_a_computed_rate_and_says_so():
    assert text([res("participation", 175), res("job_or_education", 43, denominator=175)]) == (
        "I job eller uddannelse: 43 af 175 (25 %, beregnet)")


def test_a_count_and_the_rate_the_source_prints_are_one_headline_with_the_benchmark():
    bench = Benchmark(value=7, unit="procent", label="Landsplan", location="afsnit 4")
    results = [res("job_or_education", 43, denominator=175, location="afsnit 4; tabel 2"),
               res("job_or_education", 25, "procent", benchmark=bench, location="afsnit 4")]
    h = headline(tuple(results), ORDER)
    assert (h.count, h.denominator, h.rate, h.rate_computed, h.results) == (43, 175, 25, False, (1, 2))
    assert h.location == "afsnit 4; tabel 2"
    assert text(results) == "I job eller uddannelse: 43 af 175 (25 %); sammenligning: 7 %"


def test_a_rate_that_does_not_match_the_count_is_not_paired():
    results = [res("job", 10, denominator=100), res("job", 30, "procent")]
    assert text(results) == "I ordinært job: 10 af 100 (10 %, beregnet)"


def test_a_count_without_denominator_is_never_given_one():
    results = [res("job_or_education", 71), res("job_or_education", 54, "procent", denominator=132)]
    assert text(results) == "I job eller uddannelse: 54 % af 132"
    assert text([res("job", 6)]) == "I ordinært job: 6 personer (nævner ikke oplyst)"
    assert text([res("retention", 57, "procent")]) == "Fastholdt i job eller uddannelse: 57 % (nævner ikke oplyst)"


def test_the_broadest_outcome_comes_first_then_one_with_a_denominator():
    results = [res("retention", 33, denominator=41), res("job", 3), res("job", 2, denominator=13),
               res("job_or_education", None)]
    h = headline(tuple(results), ORDER)
    assert (h.indicator, h.count, h.denominator, h.results) == ("job", 2, 13, (3,))


def test_no_export_row_has_a_process_or_progress_headline(built_site):
    text_ = (built_site / "data" / "projects.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text_, newline="")))
    never = set(CFG.outcomes["process"]) | set(CFG.outcomes["progress"]) | {"other"}
    assert rows and not [r["id"] for r in rows if r["headline_indicator"] in never]
    for r in rows:
        if r["headline_indicator"]:
            assert r["headline_indicator"] in ORDER and r["headline_value"] and r["headline_text"].startswith(
                CFG.outcomes["short_labels"][r["headline_indicator"]])
        else:
            assert r["headline_text"] == "Intet effektmål oplyst" and not r["headline_value"]


def test_a_rate_the_source_prints_on_the_count_is_not_computed():
    r = Result(indicator="job_or_education", label="x", value=24, unit="personer", location="afsnit 4",
               denominator=84, rate=29)
    assert text([r]) == "I job eller uddannelse: 24 af 84 (29 %)"


def test_a_goal_stated_only_in_words_shows_in_the_goal_column(built_site, catalogue):
    """A result whose goal the source states without a number (target_note, no target) still
    shows that goal on the project page, not a dash."""
    pairs = [(slug, r) for slug, p in catalogue.projects.items() for r in p.results
             if r.target is None and r.target_note]
    assert pairs, "the bundled catalogue has goals stated only in words"
    for slug, r in pairs:
        page = (built_site / "projekter" / slug / "index.html").read_text("utf-8")
        assert f'data-label="Mål">{escape(r.target_note)}</td>' in page, (slug, r.label)

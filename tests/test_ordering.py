"""The orders of the catalogue table (generator/ordering.py): Danish alphabetical order, and
each column's order with the projects whose value it does not know left out (the
catalogue lists them last)."""

from __future__ import annotations

import dataclasses
import json

from generator import model, ordering, pages


def test_danish_alphabetical_order():
    words = ["Østerbro", "Aalborg", "Zealand", "Ærø", "Århus", "ebeltoft", "Émile", "Projekt 40", "Projekt 5",
             "Ådalen", "Ølstykke"]
    assert sorted(words, key=ordering.danish) == [
        "Aalborg", "ebeltoft", "Émile", "Projekt 5", "Projekt 40", "Zealand", "Ærø", "Ølstykke", "Østerbro",
        "Ådalen", "Århus"]


def test_each_column_orders_the_known_values_and_leaves_out_the_unknown(fx):
    ranks = ordering.ranks(fx)
    alfa, beta = ranks["alfa-projektet"], ranks["beta-projektet"]
    assert (alfa["projekt"], beta["projekt"]) == (0, 1)
    # alfa ran 2008-2010 and is 'formodning' with 12 of 50 in job (24 %); beta states none of these
    assert (alfa["periode"], beta["periode"]) == (0, None)
    assert alfa["resultat"] == 0 and beta["resultat"] is None
    assert alfa["niveau"] == 0 and beta["niveau"] is None  # 'ikke vurderet' is not a level to sort by
    assert ordering.share(fx.projects["alfa-projektet"]) == 24


def test_levels_sort_low_to_high_and_shares_by_size(fx):
    alfa = fx.projects["alfa-projektet"]
    values = ordering.column_values(fx)
    levels = {lv: values["niveau"](dataclasses.replace(alfa, documentation=dataclasses.replace(
        alfa.documentation, level=lv))) for lv in ("idé", "formodning", "viden", "ikke_vurderet")}
    assert levels["idé"] < levels["formodning"] < levels["viden"] and levels["ikke_vurderet"] is None
    outcomes = fx.config.outcomes["outcome"]

    def with_results(*results):
        return dataclasses.replace(alfa, results=results, headline=model.headline(results, outcomes))

    percent = dataclasses.replace(alfa.results[0], unit="procent", value=30, denominator=None)
    assert ordering.share(with_results(percent)) == 30
    count = dataclasses.replace(alfa.results[0], unit="personer", value=12, denominator=48)
    assert ordering.share(with_results(count)) == 25
    bare = dataclasses.replace(alfa.results[0], unit="antal", denominator=None)
    assert ordering.share(with_results(bare)) is None


def test_the_packed_row_has_no_letters_or_digits_and_unpacks():
    row = ["Aarhus · Holbæk", ["Unge"], [["Mentorordning", "metoder/mentorordning/"]], "2014–2017",
           ["idé", "Idé"], "Job: 12 pers. af 50"]
    packed = pages.packed(row)
    assert not any(c.isalnum() for c in packed)
    assert json.loads(bytes(ord(c) - 0x2800 for c in packed).decode("utf-8")) == row

"""One test per contributor mistake: the Danish message names the cause, at the line of
the cause, and doing what its suggestion says makes the check pass."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import validate
from generator.config import SiteConfig
from generator.problems import Problem

ALFA = (Path(__file__).parent / "fixtures/content/projects/alfa-projektet.md").read_text("utf-8")
NAME = "content/projects/gamma.md"


def check(root: Path, text: str) -> list[Problem]:
    (root / NAME).write_text(text, encoding="utf-8")
    _, problems = validate.check(SiteConfig.load(root))
    assert {p.path for p in problems} <= {NAME}, problems
    return problems


def only(root: Path, text: str) -> Problem:
    problems = check(root, text)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def passes(root: Path, text: str) -> None:
    problems = check(root, text)
    assert problems == [], "\n".join(map(str, problems))


def mistake(old: str, new: str, text: str = ALFA) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def line_no(text: str, needle: str) -> int:
    return next(n for n, row in enumerate(text.split("\n"), 1) if needle in row)


def replace_lines(text: str, first: int, new: str, last: int | None = None) -> str:
    rows = text.split("\n")
    rows[first - 1:(last or first)] = [new]
    return "\n".join(rows)


def insert_after(text: str, line: int, new: str) -> str:
    rows = text.split("\n")
    rows.insert(line, new)
    return "\n".join(rows)


def indent(text: str, line: int) -> str:
    row = text.split("\n")[line - 1]
    return row[:len(row) - len(row.lstrip())]


# --- YAML syntax -----------------------------------------------------------------------------
def test_unquoted_colon_is_answered_with_quotes(scratch):
    text = mistake("funding: Testpuljen", "funding: Testpuljen: anden runde")
    p = only(scratch, text)
    assert (p.line, p.col, p.field) == (line_no(text, "funding:"), 20, "")
    assert p.message == ("ugyldig YAML: værdien indeholder et kolon efterfulgt af mellemrum, som YAML læser som "
                         "starten på et nyt felt; sæt værdien i anførselstegn.")
    assert p.suggestion == 'funding: "Testpuljen: anden runde"'
    passes(scratch, replace_lines(text, p.line, p.suggestion))


def test_unclosed_quote_is_reported_where_it_opens(scratch):
    text = mistake("title: Alfa-projektet", 'title: "Alfa-projektet')
    p = only(scratch, text)
    assert (p.line, p.col) == (2, 8)  # not line 32, where the parser gave up
    assert p.message.startswith("ugyldig YAML: anførselstegnet (\") på linje 2 lukkes aldrig")
    assert p.suggestion == 'title: "Alfa-projektet"'
    passes(scratch, replace_lines(text, p.line, p.suggestion))


def test_unclosed_quote_at_the_end_of_the_front_matter(scratch):
    text = mistake('    location: "afsnit 4.1"\n', '    location: "afsnit 4.1\n')
    p = only(scratch, text)
    assert (p.line, p.col) == (text.split("\n").index('    location: "afsnit 4.1') + 1, 15)
    assert "lukkes aldrig" in p.message
    passes(scratch, replace_lines(text, p.line, p.suggestion))


def test_text_after_a_closing_quote(scratch):
    text = mistake("title: Alfa-projektet", 'title: "Alfa" projektet')
    p = only(scratch, text)
    assert (p.line, p.col) == (2, 15)
    assert "mere tekst efter det afsluttende anførselstegn" in p.message
    assert p.suggestion == "title: '\"Alfa\" projektet'"
    passes(scratch, replace_lines(text, p.line, p.suggestion))


def test_list_item_indented_less_than_the_one_above(scratch):
    text = mistake("  categories: [udsatte_ledige, misbrug]", "  categories:\n    - udsatte_ledige\n  - misbrug")
    p = only(scratch, text)
    assert p.line == line_no(text, "  - misbrug")
    assert p.message == ("ugyldig YAML: listepunktet på linje 13 er rykket ind med 2 mellemrum, men punktet over det "
                         "med 4; alle punkter i en liste skal stå lige langt inde.")
    assert p.suggestion == "    - misbrug"
    passes(scratch, replace_lines(text, p.line, p.suggestion))


def test_list_item_under_a_field_that_already_has_a_value(scratch):
    text = mistake("  categories: [udsatte_ledige, misbrug]", "  categories: udsatte_ledige\n  - misbrug")
    p = only(scratch, text)
    assert p.line == line_no(text, "- misbrug")
    assert "'categories' på linjen før har allerede en værdi" in p.message
    assert p.suggestion == "  categories: [udsatte_ledige, misbrug]"  # the list, with both values
    passes(scratch, replace_lines(text, p.line - 1, p.suggestion, p.line))


def test_list_item_indented_deeper_would_merge_two_values(scratch):
    text = mistake("  categories: [udsatte_ledige, misbrug]", "  categories:\n    - udsatte_ledige\n      - misbrug")
    p = only(scratch, text)
    assert (p.field, p.line) == ("target_group.categories[0]", line_no(text, "- udsatte_ledige"))
    assert "To listepunkter er blevet til én tekst" in p.message
    assert p.suggestion == "categories: [udsatte_ledige, misbrug]"  # no value dropped
    key = line_no(text, "categories:")
    passes(scratch, replace_lines(text, key, indent(text, key) + p.suggestion, key + 2))


def test_field_indented_less_than_the_one_above(scratch):
    text = mistake("  end: 2010", " end: 2010")
    p = only(scratch, text)
    assert (p.line, p.col) == (line_no(text, " end: 2010"), 2)
    assert p.message.startswith("ugyldig YAML: linje 8 er rykket ind med 1 mellemrum, men 'start' på linjen før med 2.")
    passes(scratch, replace_lines(text, p.line, p.suggestion))


def test_field_indented_deeper_than_the_one_above(scratch):
    text = mistake("    value: 12\n", "      value: 12\n")
    p = only(scratch, text)
    assert p.line == line_no(text, "      value: 12")
    assert "rykket længere ind end 'label' på linjen før" in p.message
    assert p.suggestion == "    value: 12"
    passes(scratch, replace_lines(text, p.line, p.suggestion))


def test_field_outside_the_group_it_belongs_to(scratch):
    text = mistake("  end: 2010", "end: 2010")
    p = only(scratch, text)  # one problem: not also "'end' mangler under 'period'"
    assert (p.field, p.line) == ("end", line_no(text, "end: 2010"))
    assert p.message == ("feltet 'end' hører til under 'period'; ryk det ind, så det står lige under 'start' "
                         "(2 mellemrum fra venstre).")
    passes(scratch, replace_lines(text, p.line, p.suggestion))


@dataclass(frozen=True)
class YamlMistake:
    """`old` in ALFA written as `new`: the one problem is at `line` (and `col`), its message is
    exactly `message` or contains `says`, its suggestion is exactly `suggestion`, and writing
    `fix` (or, without one, the suggestion) over that line makes the check pass."""

    old: str
    new: str
    line: int
    col: int | None = None
    message: str | None = None
    says: str | None = None
    suggestion: str | None = None
    fix: str | None = None


YAML_MISTAKES = {
    "missing colon after a field name": YamlMistake(
        "funding: Testpuljen", "funding Testpuljen", 9,
        message="ugyldig YAML: der mangler et kolon efter feltets navn 'funding'."),
    "missing space after a dash": YamlMistake(
        "  categories: [udsatte_ledige, misbrug]", "  categories:\n    - udsatte_ledige\n    -misbrug", 13,
        message="ugyldig YAML: der mangler et mellemrum efter bindestregen i listepunktet."),
    "running text that is not indented": YamlMistake(
        "summary: Et testprojekt med mentorer", "summary: Et testprojekt med\nmentorer", 4,
        says="Fortsætter den teksten i 'summary', så ryk den ind under feltet.", suggestion="  mentorer og praktik."),
    "list without its closing bracket": YamlMistake(
        "methods: [mentorordning, virksomhedspraktik]", "methods: [mentorordning, virksomhedspraktik", 17, col=10,
        message="ugyldig YAML: '[' på linje 17 lukkes ikke med ']' på samme linje."),
    "backslash in double quotes": YamlMistake(
        "holder: Alfa Kommune Jobcenter", 'holder: "Alfa\\Kommune"', 4,
        says="brug enkelte anførselstegn", suggestion="holder: 'Alfa\\Kommune'"),
    "tag is refused with a fix": YamlMistake(
        "holder: Alfa Kommune Jobcenter", "holder: !!binary QWxmYQ==", 4, col=9,
        message="ugyldig YAML: ukendt eller usikkert YAML-tag (!!binary); kun almindelige værdier er tilladt.",
        fix="holder: QWxmYQ=="),  # tag removed
}


@pytest.mark.parametrize("case", list(YAML_MISTAKES.values()), ids=list(YAML_MISTAKES))
def test_a_yaml_mistake_is_placed_worded_and_fixed(scratch, case):
    text = mistake(case.old, case.new)
    p = only(scratch, text)
    assert p.line == case.line
    if case.col is not None:
        assert p.col == case.col
    if case.message is not None:
        assert p.message == case.message
    if case.says is not None:
        assert case.says in p.message
    if case.suggestion is not None:
        assert p.suggestion == case.suggestion
    passes(scratch, replace_lines(text, p.line, case.fix if case.fix is not None else p.suggestion))


@pytest.mark.parametrize("start, reading", [("@", ""), ("`", ""), ("*", ", som YAML læser som et YAML-alias")])
def test_value_starting_with_a_special_character(scratch, start, reading):
    text = mistake("holder: Alfa Kommune Jobcenter", f"holder: {start}Alfa")
    p = only(scratch, text)
    assert (p.line, p.col) == (4, 9)
    assert p.message == f"ugyldig YAML: en værdi kan ikke begynde med '{start}'{reading}; sæt værdien i anførselstegn."
    assert p.suggestion == f'holder: "{start}Alfa"'
    passes(scratch, replace_lines(text, p.line, p.suggestion))


# --- missing and misspelt fields ---------------------------------------------------------------
def test_missing_group_is_reported_at_its_parent_with_a_value_that_passes(scratch):
    text = mistake("  participants:\n    planned: 60\n    actual: 50\n", "")
    p = only(scratch, text)
    assert (p.field, p.line) == ("target_group.participants", line_no(text, "target_group:"))
    assert p.message == ("det påkrævede felt 'participants' mangler under 'target_group'. Det skal være en gruppe af "
                         "felter: planned:, actual: (og evt. note:, location:, lines:). Feltet skal udfyldes; null er "
                         "ikke tilladt her.")
    assert p.suggestion == "participants: {planned: null, actual: null}"
    passes(scratch, insert_after(text, p.line, "  " + p.suggestion))


def test_missing_field_where_null_is_not_allowed(scratch):
    text = mistake('    location: "afsnit 4.1, linje 10"\n', "")
    p = only(scratch, text)
    assert (p.field, p.line) == ("results[0].location", line_no(text, "- indicator: job"))
    assert "null er ikke tilladt" in p.message and "skriv null" not in p.message
    assert "Det skal være tekst. Hvor i kilden oplysningen står" in p.message  # the schema's description
    assert p.suggestion == 'location: "…"'
    passes(scratch, insert_after(text, p.line, "    " + p.suggestion.replace("…", "afsnit 4.1, s. 23")))


def test_missing_field_where_null_is_allowed(scratch):
    text = mistake("holder: Alfa Kommune Jobcenter\n", "")
    p = only(scratch, text)
    assert (p.field, p.line) == ("holder", 1)  # the front matter's first line: its parent
    assert p.message.startswith("det påkrævede felt 'holder' mangler. Det skal være tekst eller null (ikke oplyst).")
    assert p.suggestion == "holder: null"
    passes(scratch, insert_after(text, p.line, p.suggestion))


def test_misspelt_field_is_one_problem_at_its_own_line(scratch):
    text = mistake('    location: "afsnit 4.1, linje 10"', '    locaton: "afsnit 4.1, linje 10"')
    p = only(scratch, text)
    assert (p.field, p.line) == ("results[0].locaton", line_no(text, "locaton"))
    assert p.message == "ukendt felt 'locaton'; feltet hedder 'location'."
    passes(scratch, replace_lines(text, p.line, p.suggestion))


# --- wrong shapes -----------------------------------------------------------------------------
@pytest.mark.parametrize("period, start, end", [("2019–2021", 2019, 2021), ("2019-2021", 2019, 2021),
                                                ("[2019, 2021]", 2019, 2021), ("2008-01-01", 2008, "null"),
                                                ("2015", 2015, "null")])
def test_text_where_a_group_belongs_shows_the_group(scratch, period, start, end):
    text = mistake("period:\n  start: 2008\n  end: 2010", f"period: {period}")
    p = only(scratch, text)
    assert (p.field, p.line) == ("period", 6)
    assert p.message.startswith("'period' skal være en gruppe af felter: start:, end: (og evt. note:, location:, "
                                "lines:)")
    assert "mapping" not in p.message
    assert p.suggestion == f"period: {{start: {start}, end: {end}}}"
    passes(scratch, replace_lines(text, p.line, p.suggestion))


def test_number_where_a_list_of_methods_belongs(scratch):
    text = mistake("methods: [mentorordning, virksomhedspraktik]", "methods: 42")
    p = only(scratch, text)  # and no traceback from the reference check
    assert (p.field, p.line) == ("methods", 17)
    assert p.message == "forventede en liste med mindst 1 værdi, fik et heltal ('42')."
    assert p.suggestion.startswith("skriv metodernes slugs fra content/methods/, fx methods: [mentorordning, ")
    passes(scratch, replace_lines(text, p.line, "methods: [mentorordning, virksomhedspraktik]"))


def test_number_where_a_list_of_sources_belongs(scratch):
    text = mistake('sources:\n  - report: testrapport\n    location: "afsnit 4.1"', "sources: 3")
    p = only(scratch, text)
    assert (p.field, p.line) == ("sources", line_no(text, "sources: 3"))
    assert p.message.startswith("forventede en liste med mindst 1 værdi, ét '- ' pr. punkt med felterne location:")
    assert p.suggestion == 'sources: [{report: testrapport, location: "…"}]'
    passes(scratch, replace_lines(text, p.line, p.suggestion))


def test_list_written_as_text(scratch):
    text = mistake("methods: [mentorordning, virksomhedspraktik]", "methods: mentorordning, virksomhedspraktik")
    p = only(scratch, text)
    assert p.field == "methods" and p.message.startswith("forventede en liste")
    assert p.suggestion == "methods: [mentorordning, virksomhedspraktik]"
    passes(scratch, replace_lines(text, p.line, p.suggestion))


@pytest.mark.parametrize("value, why", [
    ("yes", "YAML læser yes, no, on, off, true og false som true/false"),
    ("2010", "Sæt teksten i anførselstegn, så den ikke læses som et tal."),
])
def test_yaml_reads_text_as_something_else(scratch, value, why):
    text = mistake("holder: Alfa Kommune Jobcenter", f"holder: {value}")
    p = only(scratch, text)
    assert (p.field, p.line) == ("holder", 4) and why in p.message
    assert p.suggestion == f'holder: "{value}"'
    passes(scratch, replace_lines(text, p.line, p.suggestion))


def test_colon_in_a_list_item_makes_a_field(scratch):
    text = mistake("  - report: testrapport\n", "  - report: testrapport\n    number: 1\n")
    text = mistake("sources:", 'discrepancies:\n  - description: To tal.\n    locations:\n      - afsnit 4: tabel 3\n'
                                '      - afsnit 5\nsources:', text)
    p = only(scratch, text)
    assert (p.field, p.line) == ("discrepancies[0].locations[0]", line_no(text, "- afsnit 4: tabel 3"))
    assert "sæt teksten i anførselstegn" in p.message
    assert p.suggestion == '- "afsnit 4: tabel 3"'
    passes(scratch, replace_lines(text, p.line, "      " + p.suggestion))


@pytest.mark.parametrize("value, fixed", [("12,5", "12.5"), ('"12 %"', "12")])
def test_number_written_as_text(scratch, value, fixed):
    text = mistake("    value: 12\n", f"    value: {value}\n")
    p = only(scratch, text)
    assert (p.field, p.line) == ("results[0].value", line_no(text, f"value: {value}"))
    assert "Skriv kun tallet, med punktum som decimaltegn" in p.message
    assert p.suggestion == f"value: {fixed}"
    passes(scratch, replace_lines(text, p.line, "    " + p.suggestion))


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_not_a_number(scratch, value):
    text = mistake("    value: 12\n", f"    value: {value}\n")
    p = only(scratch, text)
    assert (p.field, p.line) == ("results[0].value", line_no(text, f"value: {value}"))
    assert p.message == (f"'{value}' er ikke et tal, der kan vises; skriv tallet, som kilden angiver det, eller null "
                         "hvis kilden ikke oplyser det.")


def test_source_without_report_names_what_it_lacks(scratch):
    text = mistake("  - report: testrapport\n", "  - title: Evaluering\n    publisher: Analyse A/S\n")
    p = only(scratch, text)
    assert (p.field, p.line) == ("sources[0]", line_no(text, "- title: Evaluering"))
    assert p.message == "en kilde uden 'report' skal have 'title', 'publisher' og 'year'; her mangler 'year'."
    assert p.suggestion == "year: null"
    passes(scratch, insert_after(text, p.line, "    " + p.suggestion))


def test_address_without_scheme(scratch):
    own = "  - title: En evaluering\n    publisher: Kommunen\n    year: 2010\n"  # a report's address is on its page
    text = mistake("  - report: testrapport\n", own).replace(
        '    location: "afsnit 4.1"\n', '    location: "afsnit 4.1"\n    url: www.eksempel.dk/r.pdf\n')
    p = only(scratch, text)
    assert p.field == "sources[0].url" and p.suggestion == "https://www.eksempel.dk/r.pdf"
    passes(scratch, mistake("www.", p.suggestion.removesuffix("eksempel.dk/r.pdf"), text))


def test_value_twice_in_a_list(scratch):
    text = mistake("themes: [afklaring]", "themes: [afklaring, afklaring]")
    p = only(scratch, text)
    assert (p.field, p.line, p.message) == ("themes", 18, "listen indeholder 'afklaring' to gange.")
    passes(scratch, replace_lines(text, p.line, p.suggestion))


# --- names of places and methods ----------------------------------------------------------------
def test_region_among_municipalities(scratch):
    text = mistake("municipalities: [Holbæk]", "municipalities: [Holbæk, Region Sjælland]")
    p = only(scratch, text)
    assert (p.field, p.line) == ("municipalities[1]", 5)
    assert p.message == ("'Region Sjælland' er en region, ikke en kommune. Skriv kommunerne; regionen udledes af dem "
                         "(site_config/municipalities.yml).")
    assert p.suggestion == "municipalities: [Holbæk]"
    passes(scratch, replace_lines(text, p.line, p.suggestion))


def test_region_alone_goes_to_area(scratch):
    text = mistake("municipalities: [Holbæk]", "municipalities: [Region Sjælland]")
    p = only(scratch, text)
    assert p.suggestion == "municipalities: [] og en ny linje area: Region Sjælland"
    passes(scratch, replace_lines(text, p.line, "municipalities: []\narea: Region Sjælland"))


@pytest.mark.parametrize("written", ["Holbæk Kommune", "holbæk", "Holbæks Kommune"])
def test_municipality_written_otherwise(scratch, written):
    text = mistake("municipalities: [Holbæk]", f"municipalities: [{written}]")
    p = only(scratch, text)
    assert (p.field, p.line, p.suggestion) == ("municipalities[0]", 5, "Holbæk")
    passes(scratch, mistake(written, p.suggestion, text))


@pytest.mark.parametrize("written, how", [
    ("mentorforløb", "et andet navn for"),
    ("social mentor", "et andet navn for"),
    ("Social Mentor", "et andet navn for"),
    ("Mentorordning", "titlen på"),
    ("MENTORORDNING", "titlen på"),
])
def test_method_named_by_alias_or_title_gets_its_one_slug(scratch, written, how):
    method = scratch / "content/methods/mentorordning.md"
    method.write_text(mistake("[social mentor, fagmentor]", "[social mentor, fagmentor, mentorforløb]",
                              method.read_text("utf-8")), "utf-8")
    text = mistake("methods: [mentorordning, virksomhedspraktik]", f"methods: [{written}, virksomhedspraktik]")
    p = only(scratch, text)  # one answer, not a slug spelling and a method name
    assert (p.field, p.line) == ("methods[0]", 17)
    assert p.message == f"'{written}' er {how} metoden 'mentorordning'; skriv metodens slug."
    assert p.suggestion == "mentorordning"
    passes(scratch, mistake(written, p.suggestion, text))


def test_source_named_by_its_title(scratch):
    text = mistake("  - report: testrapport", "  - report: Testrapport")
    p = only(scratch, text)
    assert p.field == "sources[0].report" and p.suggestion == "testrapport"
    passes(scratch, mistake("Testrapport", p.suggestion, text))

"""Open data: every export parses with the standard readers, has one row per project
(or result, or method), matches the data dictionary column for column, carries the
licence, and projects.xlsx is byte for byte the same on every build."""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile

import openpyxl
import pytest

from generator import build, export, freshness, ordering, tables


@pytest.fixture(scope="module")
def files(fx):
    return export.data_files(fx)


def columns(cfg, table: str) -> list[str]:
    return [c["name"] for c in tables.settings(cfg, "data_dictionary")["tables"][table]["columns"]]


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "UTF-8 with BOM, so Excel reads æ, ø and å"
    assert text.split("\n", 1)[0].endswith("\r")  # CRLF line ends (RFC 4180)
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_projects_csv(fx, files):
    rows = read_csv(files["data/projects.csv"])
    assert len(rows) == len(fx.projects)
    assert list(rows[0]) == columns(fx.config, "projects")
    alfa = {r["id"]: r for r in rows}["alfa-projektet"]
    assert alfa["url"] == "https://metodekataloget.dk/projekter/alfa-projektet/"
    assert alfa["methods"] == "mentorordning; virksomhedspraktik"
    assert alfa["methods_label"] == "Mentorordning; Virksomhedspraktik"
    assert alfa["target_groups"] == "udsatte_ledige; misbrug"
    assert (alfa["participants_planned"], alfa["participants_actual"], alfa["size_class"]) == ("60", "50", "mellemstor")
    assert (alfa["headline_value"], alfa["headline_denominator"], alfa["results_count"]) == ("12", "50", "1")
    assert (alfa["level"], alfa["level_label"], alfa["period_start"]) == ("formodning", "Formodning", "2008")
    beta = {r["id"]: r for r in rows}["beta-projektet"]
    assert beta["holder"] == beta["participants_actual"] == beta["headline_value"] == ""  # empty = not stated
    assert beta["size_class"] == "ikke_oplyst"


def test_results_and_methods_csv(fx, files):
    results = read_csv(files["data/results.csv"])
    assert len(results) == sum(len(p.results) for p in fx.projects.values())
    assert list(results[0]) == columns(fx.config, "results")
    r = results[0]
    assert (r["project_id"], r["result_no"], r["value"], r["denominator"], r["target"], r["fulfilment_pct"]) == (
        "alfa-projektet", "1", "12", "50", "15", "80")
    assert (r["benchmark_value"], r["benchmark_label"]) == ("8", "Landsgennemsnit")
    methods = {m["id"]: m for m in read_csv(files["data/methods.csv"])}
    assert set(methods) == set(fx.methods)
    assert list(methods["mentorordning"]) == columns(fx.config, "methods")
    mentor = methods["mentorordning"]
    assert (mentor["projects"], mentor["projects_formodning"], mentor["projects_ikke_vurderet"]) == ("2", "1", "1")
    assert mentor["project_ids"] == "alfa-projektet; beta-projektet"
    assert mentor["target_groups"] == "udsatte_ledige; psykisk_saarbare; misbrug"  # vocabulary order


def test_json_files(fx, files):
    data = json.loads(files["data/catalogue.json"])
    assert data["licence"] == fx.config.site["licence"]
    assert [p["id"] for p in data["projects"]] == list(fx.projects)
    assert json.loads(files["data/schema.json"])["$id"].endswith("/data/schema.json")
    assert set(json.loads(files["data/compare.json"])["projects"]["items"]) == set(fx.projects)


def test_workbook(fx, files):
    book = openpyxl.load_workbook(io.BytesIO(files["data/projects.xlsx"]), read_only=True)
    spec = tables.settings(fx.config, "data_dictionary")
    assert book.sheetnames == [t["sheet"] for t in spec["tables"].values()] + [
        spec["dictionary_sheet"]["name"], spec["codes_sheet"]["name"]]
    projects = list(book["Projekter"].values)
    assert len(projects) == len(fx.projects) + 1
    assert list(projects[0]) == columns(fx.config, "projects")
    alfa = dict(zip(projects[0], projects[1], strict=True))
    assert (alfa["id"], alfa["participants_actual"], alfa["headline_value"]) == ("alfa-projektet", 50, 12)
    documented = list(book[spec["dictionary_sheet"]["name"]].values)[1:]
    assert len(documented) == sum(len(t["columns"]) for t in spec["tables"].values())
    codes = {(row[0], row[1]) for row in list(book[spec["codes_sheet"]["name"]].values)[1:]}
    assert ("levels", "formodning") in codes and ("size_classes", "ikke_oplyst") in codes


def test_workbook_writes_text_that_looks_like_a_formula_as_text(fx):
    data = export.frames(fx)
    payload = '=HYPERLINK("https://example.org","klik")'
    data["projects"].loc[0, "title"] = payload
    sheet = openpyxl.load_workbook(io.BytesIO(export.workbook(fx, data)))["Projekter"]
    title = sheet.cell(row=2, column=list(data["projects"].columns).index("title") + 1)
    assert (title.value, title.data_type) == (payload, "s")


def test_workbook_is_reproducible(fx, files, monkeypatch):
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 400 * 86400)  # zip entries would carry this date
    again = export.data_files(fx)["data/projects.xlsx"]
    assert again == files["data/projects.xlsx"]
    # The fixture has no git dates: the content's date (its newest file), never the clock.
    date = freshness.content_date(fx.config.root)
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        assert {i.date_time for i in z.infolist()} == {(*map(int, date.split("-")), 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert core.count(f"{date}T00:00:00Z") == 2  # created and modified


def test_data_page_documents_every_column_and_the_licence(fx):
    files = build.render(fx)
    page = files["data/index.md"]
    spec = tables.settings(fx.config, "data_dictionary")
    for table in spec["tables"].values():
        for c in table["columns"]:
            assert f"<code>{c['name']}</code>" in page
    for name in spec["code_lists"]:
        assert f'id="koder-{name.replace("_", "-")}"' in page
    assert fx.config.site["licence"]["url"] in page
    for name in ("projects.csv", "projects.xlsx", "results.csv", "methods.csv", "catalogue.json", "schema.json"):
        assert f'<a href="{name}">' in page and f"data/{name}" in files
    for name in ("projekter.csv", "resultater.csv", "metoder.csv"):  # for Danish Excel
        assert f'<a href="{name}">' in page and f"data/{name}" in files
    assert 'id="mk-csv" href="../data/projekter.csv"' in files["katalog/index.md"]
    assert 'id="mk-xlsx" href="../data/projects.xlsx"' in files["katalog/index.md"]


def test_every_project_export_has_every_bundled_project(catalogue):
    files = export.data_files(catalogue)
    n = len(catalogue.projects)
    assert len(read_csv(files["data/projects.csv"])) == n
    assert len(json.loads(files["data/catalogue.json"])["projects"]) == n
    assert len(json.loads(files["data/compare.json"])["projects"]["items"]) == n
    sheet = openpyxl.load_workbook(io.BytesIO(files["data/projects.xlsx"]), read_only=True)["Projekter"]
    assert sheet.max_row == n + 1


def test_every_column_has_a_danish_heading_and_a_whole_description(fx):
    """An unquoted comma in a {flow mapping} ends the value: 'Regioner, udledt af kommunerne.'
    became 'Regioner' and a stray key. Every column has exactly these keys, a unique
    Danish heading and a description that ends its sentence."""
    for table in tables.settings(fx.config, "data_dictionary")["tables"].values():
        labels = [c["label"] for c in table["columns"]]
        assert len(set(labels)) == len(labels), table["file"]
        for c in table["columns"]:
            assert set(c) - {"codes"} == {"name", "label", "type", "description"}, c
            assert c["description"].rstrip().endswith((".", ".)")), c


def read_excel_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff") and text.split("\n", 1)[0].endswith("\r")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))


def test_csv_files_for_danish_excel(fx, files):
    """Semicolon, UTF-8 with BOM, CRLF, decimal comma and the Danish headings, the projects
    in the catalogue's order; the same values as the machine-readable file."""
    spec = tables.settings(fx.config, "data_dictionary")["tables"]
    for key, table in spec.items():
        rows = read_excel_csv(files[f"data/{table['excel_file']}"])
        plain = read_csv(files[f"data/{table['file']}"])
        assert list(rows[0]) == [c["label"] for c in table["columns"]]
        assert len(rows) == len(plain)
        if key == "projects":
            assert [r["Id"] for r in rows] == [p.slug for p in sorted(fx.projects.values(),
                                                                        key=ordering.project_order)]
            rows = sorted(rows, key=lambda r: r["Id"])  # projects.csv: by id
        for row, mine in zip(plain, rows, strict=True):
            for c in table["columns"]:
                value = row[c["name"]]
                expected = value.replace(".", ",") if c["type"] == "tal" else value
                assert mine[c["label"]] == expected, (table["excel_file"], c["name"])


def test_danish_excel_csv_writes_decimal_commas_and_defuses_formulas(fx):
    data = export.frames(fx)
    data["projects"].loc[0, "title"] = "=HYPERLINK(\"https://example.org\")"
    data["projects"].loc[0, "budget_dkk"] = 1234.5
    columns = tables.settings(fx.config, "data_dictionary")["tables"]["projects"]["columns"]
    row = read_excel_csv(export.excel_csv(data["projects"], columns))[0]
    assert row["Projekt"] == "'=HYPERLINK(\"https://example.org\")"
    assert row["Budget (kr.)"] == "1234,5"

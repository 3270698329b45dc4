"""Tables that become one card per row on a narrow screen (class "mk-stack"; the layout is in
site_config/assets/reading.css). A card has no column headers above it, so each cell gets
its column's header as `data-label`, which the stylesheet shows before the value, and the
table's parts get their ARIA roles, so a screen reader still reads a table when the
stylesheet turns its rows into blocks. Runs on a page's generated text, like the glossary."""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table\b[^>]*\bclass=\"[^\"]*\bmk-stack\b[^\"]*\"[^>]*>.*?</table>", re.S)
_THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.S)
_HEADER = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.S)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S)
_CELL = re.compile(r"<(td|th)\b([^>]*)>")
_PART = re.compile(r"<(table|thead|tbody|tfoot)\b(?![^>]*\brole=)")
_COLSPAN = re.compile(r'\bcolspan="(\d+)"')
_TAGS = re.compile(r"<[^>]+>")

ROLES = {"table": "table", "thead": "rowgroup", "tbody": "rowgroup", "tfoot": "rowgroup"}


def label_cells(page: str) -> str:
    """The page with every mk-stack table labelled (see the module docstring)."""
    return _TABLE.sub(_label_table, page) if "mk-stack" in page else page


def _label_table(m: re.Match) -> str:
    table = m.group()
    if 'role="table"' in table[:table.index(">")]:
        return table  # already labelled (a fragment rendered into a page)
    head = _THEAD.search(table)
    headers: list[str] = []
    for attrs, text in _HEADER.findall(head.group(1) if head else ""):
        span = _COLSPAN.search(attrs)
        headers += [" ".join(html.unescape(_TAGS.sub("", text)).split())] * (int(span.group(1)) if span else 1)

    def row(r: re.Match) -> str:
        in_head = head is not None and head.start() <= r.start() < head.end()
        column = 0

        def cell(c: re.Match) -> str:
            nonlocal column
            tag, attrs = c.group(1), c.group(2)
            span = _COLSPAN.search(attrs)
            label = headers[column] if column < len(headers) else ""
            column += int(span.group(1)) if span else 1
            if in_head:
                role = "columnheader"
            elif tag == "th":
                role = "rowheader"
            else:
                role = "cell"
            extra = f' role="{role}"'
            if role == "cell" and label and "data-label=" not in attrs:
                extra += f' data-label="{html.escape(label)}"'
            return f"<{tag}{extra}{attrs}>"

        return r.group(1).replace("<tr", '<tr role="row"', 1) + _CELL.sub(cell, r.group(2)) + r.group(3)

    table = _ROW.sub(row, table)
    return _PART.sub(lambda p: f'<{p.group(1)} role="{ROLES[p.group(1)]}"', table)

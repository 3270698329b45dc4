"""YAML syntax errors in a contributor's words: what is wrong, on the line that causes it
(not where the parser gave up), and the corrected line where one can be derived.

PyYAML reports where it got stuck ("expected <block end>, but found '-'"); the cause is
usually an unquoted colon, a line indented one step wrong or a quote never closed, often
lines earlier. Each rule below recognises one such cause from the error and the lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

# "  - indicator: job" → indent "  ", dash "- ", key "indicator", value "job"
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>[A-Za-z_][\w-]*):(?: +(?P<value>.*))?$")
_DASH_LINE = re.compile(r"^(?P<indent> *)- +(?P<item>.*)$")
_LAYOUT = ("Felter i samme gruppe skal stå lige langt inde, og et felts listepunkter ('- ') rykkes ind under "
           "feltet.")


@dataclass(frozen=True)
class Explained:
    line: int  # 0-based line of the front matter
    col: int   # 0-based
    message: str
    suggestion: str = ""


def explain(err: yaml.YAMLError, lines: list[str], keys: frozenset[str] = frozenset()) -> Explained:
    """The cause of a YAML error in the front matter `lines`; `keys` are the field names
    the schema knows (to tell "summary Tekst" from a line of running text)."""
    if isinstance(err, yaml.reader.ReaderError):  # a character YAML does not allow anywhere
        before = "\n".join(lines)[:err.position]
        line = before.count("\n")
        character = err.character if isinstance(err.character, str) else chr(err.character)
        return Explained(line, err.position - (before.rfind("\n") + 1),
                         f"usynligt kontroltegn (U+{ord(character):04X}) i teksten; fjern det.")
    problem = str(getattr(err, "problem", "") or "")
    context = str(getattr(err, "context", "") or "")
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    ctx = getattr(err, "context_mark", None)
    line, col = (mark.line, mark.column) if mark else (0, 0)

    quote = _unclosed_quote("\n".join(lines), lines)
    if quote is not None and (mark is None or (quote.line, quote.column) <= (line, col)):
        return _unclosed(quote.line, quote.column, lines)
    if "mapping values are not allowed" in problem:
        return _colon(line, col, lines)
    if "could not find expected ':'" in problem and ctx is not None:
        return _no_colon(ctx.line, lines, keys)
    if problem.startswith("expected <block end>"):
        return _block_end(line, col, lines, problem)
    if context.startswith("while parsing a flow") and ctx is not None:
        return _flow(ctx.line, ctx.column, lines, context)
    if "cannot start any token" in problem or "sequence entries are not allowed" in problem \
            or "found undefined alias" in problem:
        start = "- " if "sequence entries" in problem else lines[line][col:col + 1] if line < len(lines) else ""
        reading = {"*": "et YAML-alias", "&": "et YAML-anker", "!": "et YAML-tag", "- ": "et listepunkt"}
        what = f", som YAML læser som {reading[start]}" if start in reading else ""
        return Explained(line, col, f"en værdi kan ikke begynde med '{start.strip()}'{what}; "
                                    "sæt værdien i anførselstegn.", _quoted_line(lines, line))
    if "unknown escape character" in problem and ctx is not None:
        return Explained(ctx.line, ctx.column,
                         "i tekst i dobbelte anførselstegn er '\\' starten på et særtegn; brug enkelte "
                         "anførselstegn i stedet.", _single_quoted(lines, ctx.line))
    if "unhashable key" in problem or "mapping keys are not allowed" in problem:
        return Explained(line, col, "et feltnavn skal være et enkelt ord, ikke en liste eller en gruppe; "
                                    "sæt teksten i anførselstegn, hvis den er en værdi.")
    if "anchor" in problem or "alias" in problem:
        return Explained(line, col, "YAML-ankre og -aliaser (&navn og *navn) er ikke tilladt; skriv værdien ud "
                                    "hvert sted, den skal stå.")
    return Explained(line, col, f"YAML kan ikke læse linje {line + 2}. Tjek kolon, anførselstegn og indrykning på "
                                f"linjen og linjen før. {_LAYOUT}")


def _unclosed_quote(text: str, lines: list[str]) -> yaml.Mark | None:
    """Where a quote opens that the contributor forgot to close: YAML then reads every line
    up to the next quote of that kind as one text, and fails later or at the end."""
    try:
        loader = yaml.SafeLoader(text)
    except yaml.YAMLError:
        return None
    try:
        while loader.check_token():
            token = loader.get_token()
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line
                    and any(_KEY_LINE.match(row) or _DASH_LINE.match(row)
                            for row in lines[token.start_mark.line + 1: token.end_mark.line + 1])):
                return token.start_mark
    except yaml.YAMLError as err:
        if getattr(err, "context", "") == "while scanning a quoted scalar" and err.context_mark is not None:
            return err.context_mark
    except RecursionError:
        return None
    finally:
        loader.dispose()
    return None


def _unclosed(line: int, col: int, lines: list[str]) -> Explained:
    quote = lines[line][col]
    return Explained(line, col, f"anførselstegnet ({quote}) på linje {line + 2} lukkes aldrig, så YAML læser alt "
                                f"frem til det næste {quote} som én tekst; sæt {quote} sidst i værdien.",
                     lines[line].rstrip() + quote)


def _colon(line: int, col: int, lines: list[str]) -> Explained:
    row = lines[line]
    if re.fullmatch(r" *(?:- +)*[A-Za-z_][\w-]*", row[:col]):
        # A field indented deeper than the line above it: YAML reads it as more of that value.
        above = _previous(lines, line)
        match = _KEY_LINE.match(lines[above]) if above is not None else None
        if match:
            indent = len(match["indent"]) + len(match["dash"])
            return Explained(line, _indent(row), f"linje {line + 2} er rykket længere ind end '{match['key']}' på "
                                                 f"linjen før, så YAML læser den som en del af værdien ovenover. "
                                                 f"{_LAYOUT}", " " * indent + row.lstrip())
    match = _KEY_LINE.match(row)
    if match and match["value"] is not None and match.start("value") < col:
        return Explained(line, col, "værdien indeholder et kolon efterfulgt af mellemrum, som YAML læser som "
                                    "starten på et nyt felt; sæt værdien i anførselstegn.", _quoted_line(lines, line))
    return Explained(line, col, f"linje {line + 2} fortsætter teksten ovenover og indeholder et kolon efterfulgt af "
                                "mellemrum; sæt hele teksten i anførselstegn, eller skriv '>-' efter feltets navn og "
                                "teksten rykket ind på linjerne under.")


def _no_colon(line: int, lines: list[str], keys: frozenset[str]) -> Explained:
    row = lines[line]
    if re.match(r" *-[^\s-]", row):
        return Explained(line, _indent(row), "der mangler et mellemrum efter bindestregen i listepunktet.",
                         re.sub(r"^( *)-", r"\1- ", row))
    words = re.match(r"^( *)([A-Za-z_][\w-]*)\s+(\S.*)$", row)
    if words and words[2] in keys:
        return Explained(line, _indent(row), f"der mangler et kolon efter feltets navn '{words[2]}'.",
                         f"{words[1]}{words[2]}: {words[3]}")
    above = _previous(lines, line)
    match = _KEY_LINE.match(lines[above]) if above is not None else None
    if match and match["value"]:
        indent = len(match["indent"]) + len(match["dash"]) + 2
        return Explained(line, _indent(row), f"linje {line + 2} er hverken et felt ('navn: værdi') eller et "
                                             f"listepunkt ('- værdi'). Fortsætter den teksten i "
                                             f"'{match['key']}', så ryk den ind under feltet.",
                         " " * indent + row.lstrip())
    return Explained(line, _indent(row), f"linje {line + 2} er hverken et felt ('navn: værdi') eller et listepunkt "
                                         f"('- værdi'). {_LAYOUT}")


def _block_end(line: int, col: int, lines: list[str], problem: str) -> Explained:
    row = lines[line] if line < len(lines) else ""
    above = _previous(lines, line)
    prev = lines[above] if above is not None else ""
    key = _KEY_LINE.match(row)
    if key and col > _indent(row) + len(key["dash"]):  # more after a closed quote or bracket
        return Explained(line, col, "der står mere tekst efter det afsluttende anførselstegn eller den afsluttende "
                                    "klamme; sæt hele værdien i anførselstegn.", _quoted_line(lines, line))
    if row.lstrip().startswith("-"):
        prev_key = _KEY_LINE.match(prev)
        if prev_key and prev_key["value"] and not prev_key["value"].startswith(("|", ">")):
            items = _flow_items(prev_key["value"]) + [m["item"] for m in _dash_run(lines, line)]
            fixed = f"{prev_key['indent']}{prev_key['dash']}{prev_key['key']}: [{', '.join(items)}]"
            return Explained(line, _indent(row), f"listepunktet på linje {line + 2} kan ikke stå her, for "
                                                 f"'{prev_key['key']}' på linjen før har allerede en værdi. Skriv hele "
                                                 "listen på én linje, eller skriv ét '- punkt' pr. linje under "
                                                 "feltet uden værdi efter kolon.", fixed)
        item = _DASH_LINE.match(prev)
        if item and _indent(prev) != _indent(row):
            return Explained(line, _indent(row), f"listepunktet på linje {line + 2} er rykket ind med "
                                                 f"{_indent(row)} mellemrum, men punktet over det med {_indent(prev)}; "
                                                 "alle punkter i en liste skal stå lige langt inde.",
                             " " * _indent(prev) + row.lstrip())
    elif key:
        siblings = _KEY_LINE.match(prev)
        if siblings:
            indent = len(siblings["indent"]) + len(siblings["dash"])
            if indent != _indent(row):
                return Explained(line, _indent(row), f"linje {line + 2} er rykket ind med {_indent(row)} mellemrum, "
                                                     f"men '{siblings['key']}' på linjen før med {indent}. {_LAYOUT}",
                                 " " * indent + row.lstrip())
    return Explained(line, _indent(row), f"indrykningen på linje {line + 2} passer ikke med linjerne over. {_LAYOUT}")


def _flow(line: int, col: int, lines: list[str], context: str) -> Explained:
    row = lines[line]
    opening, closing = ("[", "]") if "sequence" in context else ("{", "}")
    if closing not in row[col:]:
        return Explained(line, col, f"'{opening}' på linje {line + 2} lukkes ikke med '{closing}' på samme linje.",
                         row.rstrip() + closing)
    return Explained(line, col, f"listen på linje {line + 2} kan ikke læses: adskil værdierne med komma, og sæt en "
                                "værdi, der indeholder komma, kolon eller klammer, i anførselstegn.")


def _quoted_line(lines: list[str], line: int) -> str:
    """The line with its value in quotes, if it is a `key: value` or `- value` line."""
    row = lines[line] if line < len(lines) else ""
    match = _KEY_LINE.match(row)
    if match and match["value"]:
        return f"{match['indent']}{match['dash']}{match['key']}: {quote(match['value'].strip())}"
    item = _DASH_LINE.match(row)
    if item:
        return f"{item['indent']}- {quote(item['item'].strip())}"
    return ""


def _single_quoted(lines: list[str], line: int) -> str:
    match = _KEY_LINE.match(lines[line])
    if not match or not match["value"] or not re.fullmatch(r'"[^"]*"', match["value"].strip()):
        return ""
    inner = match["value"].strip()[1:-1].replace("'", "''")
    return f"{match['indent']}{match['dash']}{match['key']}: '{inner}'"


def quote(text: str) -> str:
    """text as a YAML scalar in quotes: single quotes when it holds double quotes."""
    if '"' in text and "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow_items(value: str) -> list[str]:
    value = value.strip()
    if value.startswith("[") and value.endswith("]"):
        return [v.strip() for v in value[1:-1].split(",") if v.strip()]
    return [value]


def _dash_run(lines: list[str], line: int) -> list[re.Match]:
    """The list items from `line` on that stand at its indentation."""
    out = []
    for row in lines[line:]:
        match = _DASH_LINE.match(row)
        if not match or _indent(row) != _indent(lines[line]):
            break
        out.append(match)
    return out


def _previous(lines: list[str], line: int) -> int | None:
    """The nearest line above with content (not blank, not a comment)."""
    for n in range(min(line, len(lines)) - 1, -1, -1):
        if lines[n].strip() and not lines[n].lstrip().startswith("#"):
            return n
    return None


def _indent(row: str) -> int:
    return len(row) - len(row.lstrip(" "))

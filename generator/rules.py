"""The coding rules (site_config/coding_rules.yml): where a project record departs from a
rule and does not explain why in its `coding_note`, a warning that names the file, line,
field, the rule and a suggestion. Warnings never stop a build."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from generator.config import SiteConfig, read_yaml
from generator.load import SourceFile
from generator.problems import Problem

RULES_FILE = "coding_rules.yml"
_RULE_CODE = re.compile(r"\b([TKHDSN]\d)\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTED = re.compile(r"'[^']+'|\"[^\"]+\"|»[^«]+«|‘[^’]+’|“[^”]+”")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ])")
_NOT_PROSE = {"lines", "coding_note", "url", "report"}  # audit fields, the note itself, addresses, slugs


@dataclass(frozen=True)
class MethodThemes:
    requires_one_of: tuple[str, ...]
    allows: tuple[str, ...]
    basis: str


@dataclass(frozen=True)
class Rules:
    methods: dict[str, MethodThemes]
    report: str  # the report whose appendices give the disability category (K1)
    appendices: dict[int, dict]
    terms: dict[str, tuple[re.Pattern, ...]]  # category → word patterns
    broad: dict[str, frozenset[str]]  # a broad category → the precise ones that make it unnecessary
    neutral: tuple[re.Pattern, ...]  # phrases whose words name no category
    municipalities: frozenset[str]  # names and old spellings
    small_k: re.Pattern  # "<municipality> kommune"
    forbidden: tuple[tuple[re.Pattern, str], ...]
    unknown: str  # the axis value 'not stated'
    needs_results: frozenset[str]  # evidence values that require reported results (N1)
    places: tuple[re.Pattern, ...]  # a place in the source, named in a rationale (N2)
    absence: re.Pattern  # an absence stated as a fact (N3)

    @classmethod
    def load(cls, config: SiteConfig) -> Rules:
        data = read_yaml(config.root / "site_config" / RULES_FILE)
        methods = {slug: MethodThemes(tuple(m["requires_one_of"]), tuple(m["allows"]), m.get("basis") or "")
                   for slug, m in data["themes"]["methods"].items()}
        categories = data["categories"]
        level = data["documentation_level"]
        names = set(config.regions) | {o for old in data["holder"]["old_spellings"].values() for o in old}
        alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
        return cls(
            methods=methods,
            report=data["appendix_rule"]["source"],
            appendices=data["appendix_rule"]["appendices"],
            terms={c: tuple(_pattern(re.escape(t)) for t in spec["terms"]) for c, spec in categories.items()
                   if isinstance(spec, dict) and "terms" in spec},
            broad={k: frozenset(v) for k, v in categories.get("broad_categories", {}).items()},
            neutral=tuple(_pattern(p) for p in categories.get("neutral_phrases", [])),
            municipalities=frozenset(names),
            small_k=re.compile(rf"(?<!\w)(?:{alternatives})s? kommune(?!\w)"),
            forbidden=tuple((_pattern(f["pattern"] + r"(?!\w)"), f["say"])
                            for f in data["reader_language"]["forbidden"]),
            unknown=config.documentation["unknown"],
            needs_results=frozenset(level["needs_results"]),
            places=tuple(_pattern(p + r"(?!\w)") for p in level["places"]),
            absence=_pattern("|".join(f"(?:{p})" for p in level["unattributed_absence"]) + r"(?!\w)"),
        )


def _pattern(expression: str) -> re.Pattern:
    """Matches at the start of a word, in any case."""
    return re.compile(rf"(?<!\w)(?:{expression})", re.I)


def check(records: Iterable[SourceFile], config: SiteConfig) -> list[Problem]:
    """Every unexplained departure from the coding rules, as warnings."""
    rules = Rules.load(config)
    found = []
    for record in records:
        if record.kind == "project":
            found += project_warnings(record, rules)
    return sorted(found)


def project_warnings(record: SourceFile, rules: Rules) -> list[Problem]:
    note = record.data.get("coding_note") or ""
    explained = set(_RULE_CODE.findall(note)) if isinstance(note, str) else set()
    checks = (_themes, _disability_category, _categories, _holder, _discrepancies, _documentation,
              _reader_language)
    return [w for check_ in checks for code, w in check_(record, rules) if code not in explained]


def _warn(record: SourceFile, path: tuple, code: str, message: str, suggestion: str) -> tuple[str, Problem]:
    field = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
    return _at(record, *record.where(path), field, code, message, suggestion)


def _at(record: SourceFile, line: int, col: int, field: str, code: str, message: str,
        suggestion: str) -> tuple[str, Problem]:
    note = f"eller forklar afvigelsen i coding_note, begyndende med '{code}:'."
    message = f"{message} (regel {code}, se CONTRIBUTING.md, Kodningsregler)."
    return code, Problem(record.rel, line, col, field, message, f"{suggestion} {note}", "warning")


def _names(values: Iterable[str]) -> str:
    items = [f"'{v}'" for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " eller " + items[-1]


# --- T: themes -------------------------------------------------------------------------

def _themes(record: SourceFile, rules: Rules) -> Iterator[tuple[str, Problem]]:
    d = record.data
    themes, methods = list(d["themes"]), [m for m in d["methods"] if m in rules.methods]
    if not themes:
        given = [f"{m} giver {_names(rules.methods[m].requires_one_of)}" for m in methods
                 if rules.methods[m].requires_one_of]
        hint = (f"kod temaerne efter metoderne ({'; '.join(given)})," if given else
                "kod de temaer, projektets formål giver,")
        yield _warn(record, ("themes",), "T3", "projektet har ingen resultattemaer", hint)
        return
    if len(methods) < len(d["methods"]):  # a method without a rule yet: its themes cannot be judged
        return
    for m in d["methods"]:
        rule = rules.methods.get(m)
        if rule and rule.requires_one_of and not set(rule.requires_one_of) & set(themes):
            what = (f"temaet '{rule.requires_one_of[0]}', men projektet har det ikke" if len(rule.requires_one_of) == 1
                    else f"mindst ét af temaerne {_names(rule.requires_one_of)}, men projektet har ingen af dem")
            yield _warn(record, ("themes",), "T1", f"metoden '{m}' giver {what}. Grundlag: {rule.basis.rstrip('.')}",
                        f"tilføj {rule.requires_one_of[0]} til themes," if len(rule.requires_one_of) == 1 else
                        "tilføj det af temaerne, som projektets formål peger på, til themes,")
    for i, t in enumerate(themes):
        if not any(t in rules.methods[m].allows for m in methods):
            givers = [s for s, r in rules.methods.items() if t in r.allows and t in r.requires_one_of]
            yield _warn(record, ("themes", i), "T2",
                        f"temaet '{t}' følger ikke af nogen af projektets metoder",
                        f"temaet kommer fx fra metoderne {_names(givers[:4])}; kod den metode, kilden nævner, "
                        "fjern temaet,")


# --- K: target groups ------------------------------------------------------------------

def _appendix(record: SourceFile, rules: Rules) -> int | None:
    for source in record.data["sources"]:
        if source.get("report") == rules.report:
            found = re.search(r"bilag (\d+)", source.get("location", ""))
            if found and int(found.group(1)) in rules.appendices:
                return int(found.group(1))
    return None


def _disability_category(record: SourceFile, rules: Rules) -> Iterator[tuple[str, Problem]]:
    appendix = _appendix(record, rules)
    if appendix is None:
        return
    spec = rules.appendices[appendix]
    stated = record.data["target_group"].get("disability_category")
    if stated != spec["disability_category"]:
        yield _warn(record, ("target_group", "disability_category"), "K1",
                    f"projektet står i metaevalueringens bilag {appendix} ({spec['heading']}), så "
                    f"handicapkategorien er '{spec['disability_category']}', ikke {_show(stated)}",
                    f"skriv disability_category: {spec['disability_category']},")


def _show(value) -> str:
    return "tom" if value is None else f"'{value}'"


def _named(rules: Rules, text: str) -> dict[str, str]:
    """Category → the first word in text that names it."""
    for phrase in rules.neutral:
        text = phrase.sub(" ", text)
    found = {}
    for category, patterns in rules.terms.items():
        hit = next((m for m in (p.search(text) for p in patterns) if m), None)
        if hit:
            found[category] = hit.group()
    return found


def _categories(record: SourceFile, rules: Rules) -> Iterator[tuple[str, Problem]]:
    tg = record.data["target_group"]
    description, age = str(tg.get("description") or ""), str(tg.get("age") or "")
    coded = list(tg["categories"])
    defining = _named(rules, _SENTENCE_END.split(description.strip())[0] + " " + age)
    named = _named(rules, description + " " + age)
    for category, word in defining.items():
        if category in coded or rules.broad.get(category, frozenset()) & set(coded):
            continue
        yield _warn(record, ("target_group", "categories"), "K2",
                    f"målgruppebeskrivelsen nævner '{word}' (kategorien '{category}'), men kategorien er ikke kodet",
                    f"tilføj {category} til categories, eller omformulér, hvis ordet ikke beskriver målgruppen,")
    appendix = _appendix(record, rules)
    given = rules.appendices[appendix].get("category_from_appendix") if appendix is not None else None
    for i, category in enumerate(coded):
        if category in named or category == given or category not in rules.terms:
            continue
        yield _warn(record, ("target_group", "categories", i), "K3",
                    f"intet ord i målgruppebeskrivelsen eller alderen bærer kategorien '{category}'",
                    "fjern kategorien, eller beskriv målgruppen med kildens egne ord,")


# --- H: holder -------------------------------------------------------------------------

def _holder(record: SourceFile, rules: Rules) -> Iterator[tuple[str, Problem]]:
    d = record.data
    names = [(("holder",), d.get("holder"))] + [(("partners", i), p) for i, p in enumerate(d.get("partners") or [])]
    for path, name in names:
        if not isinstance(name, str):
            continue
        text = name.strip()
        if text in rules.municipalities:
            yield _warn(record, path, "H1", f"'{text}' er navnet på en kommune, ikke på en projektholder",
                        f"skriv '{text} Kommune' eller den enhed, kilden nævner (fx 'Jobcenter {text}'),")
            continue
        wrong = rules.small_k.search(text)
        if wrong:
            yield _warn(record, path, "H1", f"'{wrong.group()}': en kommune skrives med stort K",
                        f"skriv '{wrong.group()[:-len('kommune')]}Kommune',")


# --- D: discrepancies ------------------------------------------------------------------

def _discrepancies(record: SourceFile, rules: Rules) -> Iterator[tuple[str, Problem]]:
    for i, item in enumerate(record.data.get("discrepancies") or []):
        text = item["description"]
        readings = set(_NUMBER.findall(text)) | set(_QUOTED.findall(text))
        if len(readings) < 2:
            yield _warn(record, ("discrepancies", i, "description"), "D1",
                        "beskrivelsen nævner ikke begge læsninger", "skriv begge tal eller begge formuleringer "
                        "og hvor de står; ved en trykfejl også hvorfor det trykte ikke kan passe,")
        if len(set(item["locations"])) < 2:
            yield _warn(record, ("discrepancies", i, "locations"), "D1",
                        "en modstrid skal have mindst to forskellige steder i kilden",
                        "angiv begge steder (afsnit, tabel, bilag og nummer eller side),")


# --- N: documentation level -----------------------------------------------------------

def _documentation(record: SourceFile, rules: Rules) -> Iterator[tuple[str, Problem]]:
    doc = record.data["documentation"]
    evidence, rationale = doc["evidence"], str(doc.get("rationale") or "")
    if evidence in rules.needs_results and not record.data.get("results"):
        yield _warn(record, ("documentation", "evidence"), "N1",
                    f"dokumentationen er vurderet som '{evidence}', men projektet har ingen resultater",
                    "skriv de resultater, kilden gengiver, under results, eller vurder dokumentationen efter det, "
                    "kilden faktisk gengiver (se /dokumentationsniveauer/),")
    assessed = {doc["implementability"], evidence} != {rules.unknown}
    if assessed and not any(p.search(rationale) for p in rules.places):
        yield _warn(record, ("documentation", "rationale"), "N2",
                    "begrundelsen siger ikke, hvor i kilden vurderingen bygger på",
                    "henvis til kapitel, afsnit, bilag, tabel, side eller case (fx 'afsnit 4.3'),")
    for found in rules.absence.finditer(rationale):
        yield _warn(record, ("documentation", "rationale"), "N3",
                    f"'{found.group()}' siger, at noget ikke findes, men kataloget ved kun, hvad kilden nævner",
                    "læg fraværet over på kilden, fx 'Rapporten nævner ingen …' eller 'Casen oplyser ikke …',")


# --- S: reader language ----------------------------------------------------------------

def _reader_language(record: SourceFile, rules: Rules) -> Iterator[tuple[str, Problem]]:
    for path, text in _prose(record.data, ()):
        yield from _forbidden(record, rules, path, text)
    for offset, line in enumerate(record.body.split("\n")):
        for pattern, say in rules.forbidden:
            found = pattern.search(line)
            if found:
                yield _at(record, record.body_line + offset, found.start() + 1, "brødtekst", "S1",
                          _forbidden_message(found.group()), f"skriv i stedet {say},")


def _prose(node, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k not in _NOT_PROSE:
                yield from _prose(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _prose(v, (*path, i))
    elif isinstance(node, str):
        yield path, node


def _forbidden(record: SourceFile, rules: Rules, path: tuple, text: str) -> Iterator[tuple[str, Problem]]:
    for pattern, say in rules.forbidden:
        found = pattern.search(text)
        if found:
            yield _warn(record, path, "S1", _forbidden_message(found.group()), f"skriv i stedet {say},")


def _forbidden_message(word: str) -> str:
    return (f"'{word}' henviser til redaktionens arbejdskopi af rapporten, ikke til den trykte rapport, "
            "som læseren kan slå op i")

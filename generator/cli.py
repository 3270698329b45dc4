"""Command line: python -m generator check | generate | build | serve | new | changed."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from generator import build, pr, scaffold, validate
from generator.config import ROOT, SiteConfig
from generator.numbers import count
from generator.problems import ContentError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="Metodekataloget")
    parser.add_argument("--root", type=Path, default=ROOT, help="projektmappen (standard: denne checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="kontrollér alt indhold og vis alle fejl")
    sub.add_parser("generate", help="kontrollér og skriv docs/ (uden at bygge)")
    b = sub.add_parser("build", help="kontrollér, generér, byg siden med MkDocs og søgeindeks")
    b.add_argument("--site-dir", type=Path, default=None)
    s = sub.add_parser("serve", help="byg og vis siden lokalt med live reload")
    s.add_argument("--dev-addr", default="127.0.0.1:8000")
    s.add_argument("--full", action="store_true",
                   help="byg alle sider ved hver ændring (når du ændrer skabeloner eller tema i site_config/)")
    n = sub.add_parser("new", help="opret en ny projekt- eller metodefil fra skabelonen")
    n.add_argument("kind", choices=["project", "method"])
    n.add_argument("title")
    c = sub.add_parser("changed", help="vis ændrede filer i forhold til en git-ref; advar, hvis indhold og kode "
                       "ændres sammen")
    c.add_argument("--base", required=True, help="git-ref at sammenligne med, fx origin/main")
    args = parser.parse_args(argv)

    if args.command == "changed":  # needs git only, not the site configuration
        return pr.report(args.root.resolve(), args.base)
    config = SiteConfig.load(args.root.resolve())
    if args.command == "check":
        return check(config)
    if args.command == "new":
        try:
            path = scaffold.create(config, args.kind, args.title)
        except FileExistsError as err:
            print(f"fejl: {err}", file=sys.stderr)
            return 1
        print(f"Oprettet: {path.relative_to(config.root)}")
        return 0
    return site(config, args)


def site(config: SiteConfig, args: argparse.Namespace) -> int:
    """generate | build | serve. MkDocs is imported only here, so that `check` and `new`
    (what a contributor and the pre-commit hook run) work without it."""
    from mkdocs.exceptions import MkDocsException

    try:
        if args.command == "generate":
            build.generate(config, config.root / "docs")
        elif args.command == "build":
            build.build_site(config, (args.site_dir or config.root / "site").resolve())
        elif args.command == "serve":
            from mkdocs.commands.serve import serve

            # Dirty rebuilds: MkDocs renders only the pages whose generated Markdown changed,
            # which is exact for content edits, because the generator writes every
            # cross-reference into the Markdown and rewrites only files that changed.
            build.mkdocs_logging(config.site.get("mkdocs_messages", {}))
            serve(str(config.root / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True,
                  build_type=None if args.full else "dirty")
    except ContentError as err:
        report(err.problems)
        return 1
    except MkDocsException as err:
        print(f"fejl: MkDocs kunne ikke bygge siden: {err}", file=sys.stderr)
        return 1
    return 0


def check(config: SiteConfig) -> int:
    records, problems = validate.check(config)
    warnings = validate.warnings(config, records, problems)
    if problems:
        report(problems)
    else:
        print(f"OK: {count(len(records), 'fil', 'filer')} kontrolleret, ingen fejl.")
    if warnings:
        annotate(warnings)
        files = len({w.path for w in warnings})
        print(f"{count(len(warnings), 'advarsel', 'advarsler')} i {count(files, 'fil', 'filer')}: afvigelser fra "
              "kodningsreglerne "
              "(site_config/coding_rules.yml). De stopper ikke bygningen; se CONTRIBUTING.md, Kodningsregler.")
    return 1 if problems else 0


def annotate(problems) -> None:
    for p in problems:
        print(p)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for p in problems:
            print(p.github_annotation())


def report(problems) -> None:
    annotate(problems)
    files = len({p.path for p in problems})
    print(f"{count(len(problems), 'fejl', 'fejl')} i {count(files, 'fil', 'filer')}. Rettelser: se CONTRIBUTING.md.",
          file=sys.stderr)

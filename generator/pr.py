"""`changed --base REF`: which files a branch changes, and a warning when a content
pull request also changes code.

Contributors may change content/ only; everything else (the generator, templates,
mkdocs.yml, workflows, site_config/) is code that runs in the build, and CODEOWNERS
routes it to a maintainer. This command makes that visible in the pull request: one
`::warning` annotation per code file under GitHub Actions. It never fails a pull
request on its own (exit 0), because maintainers legitimately change both."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from generator.numbers import count

CONTENT = "content/"


class GitError(Exception):
    pass


def changed_files(root: Path, base: str) -> list[str]:
    """Files that differ between the merge base of `base` and HEAD and the working tree,
    plus untracked files that are not ignored; sorted, repository-relative, '/'-separated."""
    if base.startswith("-"):
        raise GitError("en git-ref kan ikke begynde med '-'")  # it would be read as an option
    diff = _git(root, "diff", "--name-only", "-z", "--no-renames", "--merge-base", base, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    return sorted({name for name in (diff + untracked).split("\0") if name})


def split(files: list[str]) -> tuple[list[str], list[str]]:
    """(content files, everything else)."""
    content = [f for f in files if f.startswith(CONTENT)]
    return content, [f for f in files if not f.startswith(CONTENT)]


def warnings(files: list[str]) -> list[tuple[str, str]]:
    """(file, message) for each code file in a change that also touches content/."""
    content, code = split(files)
    if not content or not code:
        return []
    return [(f, "en pull request med indhold ændrer også kode eller opsætning; en vedligeholder skal "
                "gennemgå denne fil. Læg helst indhold og kode i hver sin pull request.") for f in code]


def report(root: Path, base: str, github: bool | None = None) -> int:
    """Print the changed files and any warnings; 0 unless git could not answer."""
    github = os.environ.get("GITHUB_ACTIONS") == "true" if github is None else github
    try:
        files = changed_files(root, base)
    except GitError as err:
        print(f"fejl: kunne ikke sammenligne med '{base}': {err}")
        return 2
    content, code = split(files)
    print(f"Ændret i forhold til {base}: {count(len(content), 'indholdsfil', 'indholdsfiler')}, "
          f"{count(len(code), 'anden fil', 'andre filer')}.")
    for name in content:
        print(f"  indhold  {_printable(name)}")
    for name in code:
        print(f"  kode     {_printable(name)}")
    found = warnings(files)
    if found:
        print(f"advarsel: ændringen rører både content/ og {count(len(found), 'fil', 'filer')} uden for content/ "
              "(mærket 'kode' "
              "ovenfor). Kode og opsætning kører, når siden bygges, så en vedligeholder skal gennemgå dem; læg helst "
              "indhold og kode i hver sin pull request.")
    for name, message in found:
        if github:
            print(f"::warning file={_escape_property(name)},title=Indhold og kode i samme pull request::"
                  f"{_escape_data(message)}")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if github and summary and found:
        with open(summary, "a", encoding="utf-8") as fh:
            fh.write("### Indhold og kode i samme pull request\n\nDenne pull request ændrer indhold i "
                     "`content/` og også disse filer, som en vedligeholder skal gennemgå:\n\n")
            fh.writelines(f"- `{_printable(name)}`\n" for name, _ in found)
    return 0


def _git(root: Path, *args: str) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    except OSError as err:
        raise GitError(str(err)) from None
    if result.returncode != 0:
        raise GitError(" ".join(result.stderr.split()) or f"git {args[0]} fejlede")
    return result.stdout


def _printable(name: str) -> str:
    """A file name safe to print on its own line: a name with a newline must not be able to
    start a workflow command of its own."""
    return "".join(c if c.isprintable() else "?" for c in name)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")

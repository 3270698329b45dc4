"""Dates from git history: 'Sidst opdateret' (the last commit touching a file) and, for
the feed, the commit that added it. Empty outside git (or for uncommitted files): pages
then show no date rather than a build-time date that would make two builds of the same
commit differ."""

from __future__ import annotations

import subprocess
from pathlib import Path


def _history(root: Path, *options: str) -> list[tuple[str, list[str]]]:
    """(date, files) of each commit touching content/, newest first."""
    try:
        out = subprocess.run(
            ["git", "log", *options, "--format=%x00%cs", "--name-only", "--", "content"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    commits = []
    for chunk in out.split("\x00")[1:]:
        date, *names = chunk.strip().split("\n")
        commits.append((date, names))
    return commits


def last_changed(root: Path, files: list[str]) -> dict[str, str]:
    """rel path → ISO date of its last commit."""
    wanted, dates = set(files), {}
    for date, names in _history(root):
        for name in names:
            if name in wanted:
                dates.setdefault(name, date)
    return dates


def first_added(root: Path, files: list[str]) -> dict[str, str]:
    """rel path → ISO date of the commit that added it."""
    wanted, dates = set(files), {}
    for date, names in _history(root, "--diff-filter=A") if files else []:
        for name in names:
            if name in wanted:
                dates[name] = date  # newest first: the last one seen is the oldest
    return dates

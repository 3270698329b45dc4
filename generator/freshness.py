"""Dates from git history: 'Sidst opdateret' (the last commit touching a file) and, for
the feed, the commit that added it. Empty outside git (or for uncommitted files): pages
then show no date rather than a build-time date that would make two builds of the same
commit differ. What a whole-catalogue date (the feed's, the workbook's) falls back to
outside git is `content_date`."""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
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


def content_date(root: Path) -> str | None:
    """The date of the content as a whole, for a build outside git (a source archive):
    SOURCE_DATE_EPOCH when it is set (a reproducible build), else the newest
    modification time of a file under content/, which `git archive` and release tarballs
    set to the commit's time. Never the clock. None when there is no content."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        seconds = int(epoch)
    else:
        times = [path.stat().st_mtime for path in (root / "content").rglob("*.md") if path.is_file()]
        if not times:
            return None
        seconds = int(max(times))
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d")

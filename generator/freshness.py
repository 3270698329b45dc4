"""'Sidst opdateret' from git history: the date of the last commit touching each file."""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_changed(root: Path, files: list[str]) -> dict[str, str]:
    """rel path → ISO date of its last commit. Empty outside git (or for uncommitted
    files): pages then show no date rather than a build-time date that would make
    two builds of the same commit differ."""
    try:
        out = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--", "content"],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    wanted, dates = set(files), {}
    for chunk in out.split("\x00")[1:]:
        date, *names = chunk.strip().split("\n")
        for name in names:
            if name in wanted and name not in dates:
                dates[name] = date
    return dates

"""A problem found in the content, located by file, line and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    field: str
    message: str
    suggestion: str = ""
    severity: str = "error"  # or "warning": a departure from the coding rules, never fatal

    def __str__(self) -> str:
        hint = f" Forslag: {self.suggestion}" if self.suggestion else ""
        field = self.field or "-"
        level = "advarsel: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}:{self.col}: {level}{field}: {self.message}{hint}"

    def github_annotation(self) -> str:
        text = f"{self.field}: {self.message}" if self.field else self.message
        if self.suggestion:
            text += f" Forslag: {self.suggestion}"
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.path},line={self.line},col={self.col},title=Metodekataloget::{text}"


class ContentError(Exception):
    """Raised when content cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{len(self.problems)} fejl i indholdet:\n{lines}")

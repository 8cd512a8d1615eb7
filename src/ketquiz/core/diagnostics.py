"""Problems found in a deck, each with the place it was found: the compiler-style errors authors read."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from ketquiz.core.model import Location

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem: ``FILE:LINE:COL: error: MESSAGE`` (line and column 1-based; 0 when not known)."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    @classmethod
    def at(cls, loc: Location | None, file: str, severity: Severity, code: str, message: str) -> Diagnostic:
        if loc is None:
            return cls(file, 0, 0, severity, code, message)
        return cls(loc.file, loc.line, loc.column, severity, code, message)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self) -> str:
        where = self.file if self.line <= 0 else f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.severity}: {self.message} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)

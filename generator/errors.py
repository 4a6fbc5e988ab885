"""The one error type users see, and the problems it carries."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one data file, in the form editors' tools understand.

    ``column``: in a spreadsheet, the number of the field's column (1 = A), 0 where none applies;
    then the message reads ``FILE:ROW:COLUMN: field: message``."""

    file: str
    line: int
    field: str
    message: str
    column: int = 0

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.column else f"{self.file}:{self.line}"
        return f"{where}: {self.field}: {self.message}"

    def at_column(self, column: int) -> "Problem":
        return replace(self, column=column)


class WegweiserError(Exception):
    """A user-facing failure: bad data, bad configuration or a failed build step.

    Raised anywhere in the generator, turned into messages in one place (the CLI).
    """

    def __init__(self, problems: list[Problem] | None = None, message: str | None = None):
        self.problems = sorted(problems or [])
        self.message = message
        super().__init__(message or "\n".join(map(str, self.problems)))

    def lines(self) -> list[str]:
        out = [str(p) for p in self.problems]
        if self.message:
            out.append(self.message)
        return out

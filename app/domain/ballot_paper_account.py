"""A ballot box's paper account beyond papers issued: unused, spoilt and tendered papers (all optional)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BallotPaperAccount:
    """The presiding officer's other figures for one box; None where the account does not give one."""

    box: str
    unused: int | None = None
    spoilt: int | None = None
    tendered: int | None = None

    @property
    def empty(self) -> bool:
        return self.unused is None and self.spoilt is None and self.tendered is None

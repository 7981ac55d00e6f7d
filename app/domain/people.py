"""The people at the count and their roles: who may be named on a saved figure or a decision."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("operator", "supervisor", "returning-officer", "administrator")
ROLE_TITLES = {
    "operator": "Data-entry operator",
    "supervisor": "Count supervisor",
    "returning-officer": "Returning Officer",
    "administrator": "Administrator",
}
MIN_PIN_LENGTH = 4


@dataclass(frozen=True)
class Person:
    """A named user of the laptop with one role."""

    name: str
    role: str

    @property
    def title(self) -> str:
        return ROLE_TITLES.get(self.role, self.role)


def pin_problem(pin: str) -> str | None:
    """Why a PIN or passphrase is not acceptable, or None when it is."""
    if len(pin) < MIN_PIN_LENGTH:
        return f"a PIN needs at least {MIN_PIN_LENGTH} characters"
    if pin.strip() != pin:
        return "a PIN may not start or end with a space"
    return None

"""CountDesk: the enumeration-desk application of an election count centre."""

__version__ = "0.1.0"

"""The pure domain: what a count is and its rules; standard library only."""

"""Shared fixtures: the checkout, ../shared beside it, its worked examples; Qt always offscreen."""

from __future__ import annotations

import os

# Before anything imports Qt: tests never need (or use) a real display.
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from pathlib import Path

import pytest
from hypothesis import settings

# On CI every property test draws the same examples on every run: a red build then always
# means the code changed, never that a random draw came up differently (and it reproduces).
# Locally the draws stay random, to keep exploring.
settings.register_profile("ci", derandomize=True, deadline=None, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The checkout: the folder holding pyproject.toml, app/ and tests/."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared/ folder: $COUNTDESK_SHARED if set, else shared/ beside the checkout."""
    configured = os.environ.get("COUNTDESK_SHARED")
    candidate = Path(configured) if configured else REPO_ROOT.parent / "shared"
    if not (candidate / "interfaces.md").is_file():
        pytest.fail(
            f"the shared/ folder was not found at {candidate}: put it beside the checkout "
            "or set COUNTDESK_SHARED to its path",
            pytrace=False,
        )
    return candidate.resolve()


@pytest.fixture(scope="session")
def examples_dir(shared_dir: Path) -> Path:
    """shared/examples: the worked election packages and their expected results."""
    return shared_dir / "examples"

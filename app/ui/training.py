"""The training marker every window and dialog of a training count file carries in its title."""

from __future__ import annotations

from app.services.count_file import CountFile

TRAINING = "TRAINING"


def training_title(count_file: CountFile | None, title: str) -> str:
    """The title led by TRAINING for a training file, so no screen can be taken for a real count."""
    if count_file is not None and count_file.election.training:
        return f"{TRAINING} — {title}"
    return title


def inherited_title(parent_title: str, title: str) -> str:
    """A dialog given no count file says TRAINING when the window it was opened from does."""
    training = parent_title.startswith(TRAINING) or f"— {TRAINING} —" in parent_title
    return f"{TRAINING} — {title}" if training else title

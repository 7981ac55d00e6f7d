"""The Returning Officer's keys in the results window: one table its buttons and F1's sheet are made from."""

from __future__ import annotations

from typing import NamedTuple


class ResultKey(NamedTuple):
    """One action: `id` names its slot, `text` is the button's (with its & mnemonic), `keys` the
    shortcut, `event` the audit event it records (None: it records none), `tip` what it does."""

    id: str
    text: str
    keys: str
    event: str | None
    tip: str


RESULT_KEYS: tuple[ResultKey, ...] = (
    ResultKey("provisional", "Record &provisional…", "Ctrl+Shift+P", "record-provisional",
              "Record the provisional result shown to candidates and agents"),
    ResultKey("request", "Recount &request…", "Ctrl+Shift+R", "request-recount",
              "Record a candidate's or agent's request for a recount"),
    ResultKey("decide", "Decide r&equest…", "Ctrl+Shift+G", "grant-recount",
              "Grant or refuse the pending recount request, with the reason"),
    ResultKey("lot", "Record &lot…", "Ctrl+Shift+L", "draw-lot",
              "Record a lot drawn between candidates level at the last seat"),
    ResultKey("declare", "&Declare…", "Ctrl+Shift+D", "declare",
              "Declare the result (the Returning Officer's PIN) and lock the contest"),
    ResultKey("suspend", "&Suspend…", "Ctrl+Shift+S", "suspend",
              "Suspend the count of this contest, or resume it"),
    ResultKey("rules", "Recount r&ules…", "Ctrl+Shift+U", "set-rules",
              "Set the margins at which CountDesk advises a recount"),
    ResultKey("correct", "&Correct figure…", "Ctrl+Shift+C", "correct-declaration",
              "Correct a misread figure after the declaration, with the reason"),
    ResultKey("comparison", "Print comparison…", "Ctrl+Shift+M", None,
              "Preview and print the recount comparison of every round"),
)

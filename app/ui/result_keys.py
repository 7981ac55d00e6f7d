"""The Returning Officer's keys in the results window: one table its buttons and F1's sheet are made from."""

from __future__ import annotations

from app.ui.window_keys import WindowKey

RESULT_KEYS: tuple[WindowKey, ...] = (
    WindowKey("provisional", "Record &provisional…", "Ctrl+Shift+P",
              "Record the provisional result shown to candidates and agents"),
    WindowKey("request", "Recount &request…", "Ctrl+Shift+R",
              "Record a candidate's or agent's request for a recount"),
    WindowKey("decide", "Decide r&equest…", "Ctrl+Shift+G",
              "Grant or refuse the pending recount request, with the reason"),
    WindowKey("lot", "Record &lot…", "Ctrl+Shift+L",
              "Record a lot drawn between candidates level at the last seat"),
    WindowKey("declare", "&Declare…", "Ctrl+Shift+D",
              "Declare the result (the Returning Officer's PIN) and lock the contest"),
    WindowKey("suspend", "&Suspend…", "Ctrl+Shift+S",
              "Suspend the count of this contest, or resume it"),
    WindowKey("rules", "Recount r&ules…", "Ctrl+Shift+U",
              "Set the margins at which CountDesk advises a recount"),
    WindowKey("correct", "&Correct figure…", "Ctrl+Shift+C",
              "Correct a misread figure after the declaration, with the reason"),
    WindowKey("comparison", "Print comparison…", "Ctrl+Shift+M",
              "Preview and print the recount comparison of every round"),
)
# The stage event each action is, by key: the window enables it only where the stage allows (None: any round).
RESULT_EVENTS: dict[str, str | None] = {
    "provisional": "record-provisional",
    "request": "request-recount",
    "decide": "grant-recount",
    "lot": "draw-lot",
    "declare": "declare",
    "suspend": "suspend",
    "rules": "set-rules",
    "correct": "correct-declaration",
    "comparison": None,
}

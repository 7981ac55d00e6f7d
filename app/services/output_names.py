"""What CountDesk prints and exports, by name: for the menus and the command line."""

# Apart from app.services.printing and app.services.exchange, which write them: a menu or a parser
# needs only the names, and importing those services (every document's and format's domain modules)
# costs start-up time (P4) and every command's.

DOCUMENT_NAMES = {
    "declaration": "declaration of result",
    "provisional": "provisional result sheet",
    "verification": "verification statement",
    "rejected": "statement of rejected ballot papers",
    "count-summary": "count summary",
    "recount-comparison": "recount comparison",
    "audit": "audit report",
}
DOCUMENTS = tuple(DOCUMENT_NAMES)

# The formats `countdesk export` writes.
FORMATS = ("package", "dc-csv", "eml510", "eml520")

"""The form's own labels in English and Welsh, for the sheets printed bilingually (uk-local-wales)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    """A label of the form: English, and Welsh printed beneath it on a bilingual sheet."""

    en: str
    cy: str


SURNAME = Label("Surname", "Cyfenw")
OTHER_NAMES = Label("Other names", "Enwau eraill")
DESCRIPTION = Label("Description (if any)", "Disgrifiad (os oes un)")
VOTES = Label("Number of votes", "Nifer y pleidleisiau")
ELECTED = Label("Elected", "Etholwyd")
PROVISIONALLY_ELECTED = Label("Would be elected", "Byddai'n cael ei ethol")
HEAD = Label("Head of rejection", "Rheswm dros wrthod")
PAPERS = Label("Number of ballot papers", "Nifer y papurau pleidleisio")
TOTAL = Label("Total", "Cyfanswm")
REJECTED_HEADING = Label(
    "Statement of rejected ballot papers", "Datganiad o'r papurau pleidleisio a wrthodwyd"
)
REJECTED_INTRO = Label(
    "The number of ballot papers rejected, under each head, was as follows:",
    "Roedd nifer y papurau pleidleisio a wrthodwyd, o dan bob pennawd, fel a ganlyn:",
)
IN_PART = Label(
    "Ballot papers rejected in part (their valid votes were counted; they are not part of the total above)",
    "Papurau pleidleisio a wrthodwyd yn rhannol (cyfrifwyd eu pleidleisiau dilys; nid ydynt yn "
    "rhan o'r cyfanswm uchod)",
)
FIGURES_HEADING = Label("Ballot papers and turnout", "Papurau pleidleisio a'r nifer a bleidleisiodd")
VERIFIED = Label("Ballot papers verified", "Papurau pleidleisio a ddilyswyd")
VALID = Label("Valid ballot papers", "Papurau pleidleisio dilys")
REJECTED_PAPERS = Label("Rejected ballot papers", "Papurau pleidleisio a wrthodwyd")
ELECTORATE = Label("Electorate", "Etholwyr")
TURNOUT = Label("Turnout", "Y nifer a bleidleisiodd")
MARGIN = Label("Margin", "Mwyafrif")
SIGNED = Label("Signed", "Llofnod")
NAME = Label("Name", "Enw")
CAPACITY = Label("Capacity", "Swydd")
PLACE = Label("Place", "Lle")
DATE = Label("Date", "Dyddiad")
TIME = Label("Time", "Amser")
POLL_HELD = Label("Poll held on", "Cynhaliwyd y bleidlais ar")
SEATS = Label("seats", "seddi")
ROUND = Label("Round", "Rownd")
QR_CAPTION = Label(
    "Machine-readable copy of these figures and of the count file's fingerprint",
    "Copi peiriant-ddarllenadwy o'r ffigurau hyn ac o ôl bys y ffeil gyfrif",
)

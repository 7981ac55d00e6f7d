"""Results as Democracy Club's candidates CSV ("results" columns): one row per candidate per contest."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from app.domain.election import Election
from app.domain.result import ContestResult

# Democracy Club's export with field_group=results, in their order; their booleans are "t"/"f".
DC_COLUMNS = (
    "person_id",
    "person_name",
    "election_id",
    "ballot_paper_id",
    "election_date",
    "election_current",
    "party_name",
    "party_id",
    "post_label",
    "cancelled_poll",
    "seats_contested",
    "votes_cast",
    "elected",
    "tied_vote_winner",
    "rank",
    "turnout_reported",
    "spoilt_ballots",
    "total_electorate",
    "turnout_percentage",
    "results_source",
)
# Ours, after theirs: the candidate's id in the count file and how far the count has gone.
EXTRA_COLUMNS = ("countdesk_candidate_id", "countdesk_stage", "countdesk_round")
COLUMNS = DC_COLUMNS + EXTRA_COLUMNS


def _flag(value: bool) -> str:
    return "t" if value else "f"


def dc_rows(election: Election, results: Sequence[ContestResult]) -> list[dict[str, str]]:
    """One row per candidate, contests in file order and candidates in ballot-paper order.

    votes_cast is the figure of `countdesk result`: a candidate who won a lot has the extra vote
    the rules give them, and tied_vote_winner says so. person_id and party_id are Democracy Club's
    own numbers, which a count file does not hold, so they are left empty.
    """
    rows: list[dict[str, str]] = []
    for result in results:
        contest = result.contest
        turnout = result.turnout_percent
        source = f"CountDesk count at {election.venue or election.authority}, {result.stage}"
        for row in result.candidates:
            rows.append(
                {
                    "person_id": "",
                    "person_name": row.candidate.name,
                    "election_id": election.id,
                    "ballot_paper_id": contest.id,
                    "election_date": election.poll_date.isoformat(),
                    "election_current": "",
                    "party_name": row.candidate.description,
                    "party_id": "",
                    "post_label": contest.name,
                    "cancelled_poll": _flag(False),
                    "seats_contested": str(contest.seats),
                    "votes_cast": str(row.votes),
                    "elected": _flag(row.elected),
                    "tied_vote_winner": _flag(row.won_lot),
                    "rank": str(row.rank),
                    "turnout_reported": str(result.papers_verified),
                    "spoilt_ballots": str(result.rejected_total),
                    "total_electorate": "" if contest.electorate is None else str(contest.electorate),
                    "turnout_percentage": "" if turnout is None else str(turnout),
                    "results_source": source,
                    "countdesk_candidate_id": row.candidate.id,
                    "countdesk_stage": result.stage,
                    "countdesk_round": str(result.round),
                }
            )
    return rows


def dc_results_csv(election: Election, results: Sequence[ContestResult]) -> str:
    """The CSV text: a header row, then `dc_rows`; CRLF line ends as the csv module writes them."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(dc_rows(election, results))
    return buffer.getvalue()

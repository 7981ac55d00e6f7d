"""The command line: an argparse shell over the services (interfaces.md); exit 0, 1 or 2."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from app import __version__
from app.services.errors import CheckFailed, ServiceError
from app.services.output_names import DOCUMENT_NAMES, DOCUMENTS, FORMATS, holds_a_count_file

if TYPE_CHECKING:
    from app.domain.result import ContestResult
    from app.services.count_file import CountFile

# Each command imports the services it uses when it runs: `countdesk FILE` (the window) and every
# other command then loads only what it needs (P4: the window's start-up).

COMMANDS = ("import", "result", "print", "demo", "export", "verify", "backup", "restore")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one sentence and exit 2, like every other bad input."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise ServiceError(f"{message}; see '{self.prog} --help'.")

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        # argparse reports extra arguments against the top parser ("see 'countdesk --help'"), even
        # after a command: name the command they were given to, whose help says what it takes
        parsed, extra = self.parse_known_args(args, namespace)
        if extra:
            command = getattr(parsed, "command", None)
            where = f"countdesk {command}" if command else self.prog
            raise ServiceError(f"{where} does not take {' '.join(extra)}; see '{where} --help'.")
        return parsed


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="countdesk", description="CountDesk: the count centre's enumeration desk.")
    parser.add_argument("--version", action="version", version=f"CountDesk {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    imp = commands.add_parser("import", help="create a count file from an election package")
    imp.add_argument("package", type=Path, help="the election package (JSON)")
    imp.add_argument("--out", type=Path, required=True, help="the new .countdesk file")

    res = commands.add_parser("result", help="the current result of each contest")
    res.add_argument("file", type=Path)
    res.add_argument("--contest", help="only this contest (its id)")
    res.add_argument("--json", action="store_true", help="the result JSON of interfaces.md")

    prn = commands.add_parser("print", help="print an official document to PDF")
    prn.add_argument("document", choices=DOCUMENTS)
    prn.add_argument("file", type=Path)
    which = prn.add_mutually_exclusive_group(required=True)
    which.add_argument("--contest", help="the contest's id")
    which.add_argument(
        "--all", action="store_true", help="every contest, one PDF each, into the folder --out"
    )
    prn.add_argument("--out", type=Path, required=True, help="the PDF to write (with --all: the folder)")

    exp = commands.add_parser(
        "export", help="write the count file as a package, Democracy Club CSV or OASIS EML"
    )
    exp.add_argument("file", type=Path)
    exp.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    exp.add_argument("--out", type=Path, help="where (default: beside the count file)")

    ver = commands.add_parser("verify", help="check a count file: integrity, audit chain, totals")
    ver.add_argument("file", type=Path)
    ver.add_argument("--expect-events", type=int, metavar="N", help="the event count printed on a sheet")
    ver.add_argument(
        "--sheet", type=Path, action="append", default=[], metavar="PDF",
        help="a printed declaration or provisional sheet's PDF: does it match the file? (repeatable)",
    )
    ver.add_argument("--expect-head", metavar="HEAD", help="the fingerprint printed with that count")

    bak = commands.add_parser("backup", help="write a verified backup of a count file")
    bak.add_argument("file", type=Path)
    bak.add_argument("dest_dir", type=Path, help="the folder for the backup (e.g. on a USB drive)")

    rst = commands.add_parser("restore", help="copy a checked backup to a new count file")
    rst.add_argument("backup", type=Path)
    rst.add_argument("new_file", type=Path, help="the new .countdesk file (must not exist)")

    demo = commands.add_parser("demo", help="the built-in demo election")
    demo.add_argument("--no-window", action="store_true", help="print instead of opening the window")
    demo.add_argument("--folder", type=Path, help="where to write the demo's files")
    return parser


def _format_result(result: ContestResult) -> str:
    contest = result.contest
    lines = [
        f"{contest.name} ({contest.id})",
        f"  {contest.profile.title}, {contest.seats} seat{'s' if contest.seats > 1 else ''}; "
        f"stage {result.stage}, round {result.round}",
    ]
    width = max((len(c.candidate.name) for c in result.candidates), default=10)
    for c in result.candidates:
        mark = "ELECTED" if c.elected else ""
        lot = " (includes 1 vote for winning the lot)" if c.won_lot else ""
        lines.append(
            f"  {c.candidate.name:<{width}}  {c.candidate.description[:32]:<32} "
            f"{c.votes:>10,}  {mark}{lot}"
        )
    lines.append(f"  Rejected papers: {result.rejected_total:,}" + "".join(
        f"; {key} {value:,}" for key, value in result.rejected.items()
    ))
    if result.rejected_in_part is not None:
        lines.append(f"  Papers rejected in part: {result.rejected_in_part:,}")
    lines.append(
        f"  Papers verified: {result.papers_verified:,}; "
        f"{'reconciled' if result.reconciled else 'NOT reconciled'}"
    )
    if result.margin is not None:
        lines.append(f"  Margin (last elected over first not elected): {result.margin:,}")
    if result.lot_needed:
        lines.append("  LOT NEEDED: candidates are level at the last seat")
    if result.advice:
        lines.append("  Recount advised:")
        lines.extend(f"    {a.rule}: {a.detail}" for a in result.advice)
    else:
        lines.append("  No recount advice")
    errors = [p for p in result.problems if p.severity == "error"]
    warnings = [p for p in result.problems if p.severity == "warning"]
    if errors or warnings:
        lines.append(f"  Problems: {len(errors)} error(s), {len(warnings)} warning(s)")
        lines.extend(f"    {p.code} {p.severity} {p.where}: {p.message}" for p in result.problems)
    return "\n".join(lines)


def _results(count_file: CountFile, contest: str | None) -> list[ContestResult]:
    return [count_file.result(contest)] if contest is not None else count_file.results()


def _cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from app.services.count_file import CountFile

    with CountFile.import_package(args.package, args.out) as count_file:
        contests = count_file.contest_ids()
        fingerprint = count_file.fingerprint()
    out.write(
        f"Imported {len(contests)} contest{'s' if len(contests) != 1 else ''} into {args.out} "
        f"(fingerprint {fingerprint.short}, {fingerprint.event_count} events).\n"
    )
    return 0


def _cmd_result(args: argparse.Namespace, out: TextIO) -> int:
    from app.services.count_file import CountFile

    with CountFile.open(args.file) as count_file:
        results = _results(count_file, args.contest)
    if args.json:
        json.dump([r.as_json() for r in results], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write("\n\n".join(_format_result(r) for r in results) + "\n")
    return 0


def _write_pdf(count_file: CountFile, contest: str, target: Path) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ServiceError(f"the folder {folder} does not exist; create it or choose another --out.")
    partial = target.with_name(f".{target.name}.partial")
    try:
        count_file.print_declaration(contest, partial)
        partial.replace(target)
    finally:
        if partial.exists():
            partial.unlink()


def _print_document(args: argparse.Namespace, out: TextIO) -> int:
    from app.services.count_file import CountFile
    from app.services.printing import print_document

    if args.out.is_dir():
        raise ServiceError(f"{args.out} is a folder; give --out the PDF's file name, or print with --all.")
    if holds_a_count_file(args.out):
        raise ServiceError(
            f"{args.out} is a count file; choose another name for the PDF, so that the count is not replaced."
        )
    with CountFile.open(args.file) as count_file:
        job = print_document(count_file, args.document, args.contest, args.out)
    out.write(f"Wrote the {DOCUMENT_NAMES[job.document]} for {args.contest} ({job.status}) to {args.out}.\n")
    return 0


def _print_every_contest(args: argparse.Namespace, out: TextIO) -> int:
    from app.services.count_file import CountFile
    from app.services.printing import print_every_contest

    with CountFile.open(args.file) as count_file:
        done = print_every_contest(count_file, args.document, args.out)
    statuses = Counter(p.status for p in done.printed)
    shown = ", ".join(f"{count} {status}" for status, count in sorted(statuses.items()))
    out.write(
        f"Wrote the {DOCUMENT_NAMES[done.document]} of {len(done.printed)} contest(s) to {done.folder}"
        + (f" ({shown}).\n" if shown else ".\n")
    )
    out.writelines(f"Not printed: {n.contest_id}: {n.why}.\n" for n in done.not_printed)
    if done.not_printed:
        raise CheckFailed(
            f"{len(done.not_printed)} contest(s) could not be printed (listed above); correct the names "
            "the typefaces cannot draw and print them again."
        )
    return 0


def _cmd_print(args: argparse.Namespace, out: TextIO) -> int:
    # Every document, the declaration too, is read once and written whole through the service.
    if args.all:
        return _print_every_contest(args, out)
    return _print_document(args, out)


def _cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    from app.services.count_file import CountFile
    from app.services.exchange import export_file

    with CountFile.open(args.file) as count_file:
        done = export_file(count_file, args.format, args.out)
    plural = "s" if done.contests != 1 else ""
    out.write(f"Wrote the {done.description} of {done.contests} contest{plural} to {done.path}.\n")
    out.writelines(f"Not exported: {note}.\n" for note in done.notes)
    return 0


def _cmd_verify(args: argparse.Namespace, out: TextIO) -> int:
    from app.services.integrity import verify_count_file
    from app.services.sheet_check import sheet_check

    report = verify_count_file(
        args.file, expect_events=args.expect_events, expect_head=args.expect_head,
        sheets=[sheet_check(pdf) for pdf in args.sheet],
    )
    if report.ok and report.fingerprint is not None:
        out.write(
            f"{args.file}: verified ({'; '.join(report.checked)}); "
            f"fingerprint {report.fingerprint.short}, {report.fingerprint.event_count} events.\n"
        )
        return 0
    out.writelines(f"{finding}\n" for finding in report.findings)
    count = len(report.findings)
    raise CheckFailed(
        f"{args.file} failed verification ({count} finding{'s' if count != 1 else ''} above); do not "
        "rely on it: restore the latest good backup and compare with the paper records."
    )


def _cmd_backup(args: argparse.Namespace, out: TextIO) -> int:
    from app.services.backups import backup_now, fingerprint_of
    from app.services.count_file import CountFile

    with CountFile.open(args.file) as count_file:
        info = backup_now(count_file, args.dest_dir, reason="command line")
    out.write(
        f"{info.path}\nfingerprint {fingerprint_of(info).short}, {info.events} events; "
        f"file SHA-256 {info.sha256}\n"
    )
    return 0


def _cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    from app.services.backups import fingerprint_of, restore_backup

    restored = restore_backup(args.backup, args.new_file)
    out.write(
        f"Restored {args.backup} to {restored.path} ({restored.backup.events} events, fingerprint "
        f"{fingerprint_of(restored.backup).short}, then one event recording the restore).\n"
    )
    return 0


def run_demo_headless(folder: Path | None, out: TextIO) -> int:
    """The demo without a display: print its result and write its declaration, saying where."""
    from app.services.demo import prepare_demo

    with prepare_demo(folder) as count_file:
        results = count_file.results()
        out.write("\n\n".join(_format_result(r) for r in results) + "\n\n")
        for result in results:
            target = count_file.path.with_name(f"declaration-{result.contest.id}.pdf")
            _write_pdf(count_file, result.contest.id, target)
            out.write(f"Declaration of result (DRAFT) written to {target}\n")
        out.write(f"Demo count file: {count_file.path}\n")
    return 0


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command; returns the exit code. Errors are one sentence on stderr."""
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        args = build_parser().parse_args(list(argv))
        if args.command == "import":
            return _cmd_import(args, out)
        if args.command == "result":
            return _cmd_result(args, out)
        if args.command == "print":
            return _cmd_print(args, out)
        if args.command == "demo":
            return run_demo_headless(args.folder, out)
        if args.command == "export":
            return _cmd_export(args, out)
        if args.command == "verify":
            return _cmd_verify(args, out)
        if args.command == "backup":
            return _cmd_backup(args, out)
        if args.command == "restore":
            return _cmd_restore(args, out)
        build_parser().print_help(out)
        return 2
    except ServiceError as error:
        err.write(f"countdesk: {error}\n")
        return error.exit_code
    except OSError as error:
        err.write(f"countdesk: {error.strerror or error}: {error.filename or ''}; check the path.\n")
        return 2

"""The ``raati`` command line (contract §3). Exit status: 0 success, 1 refused input
(message on stderr), 2 wrong usage."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from raati import config
from raati.store import Store, StoreError, parse_iso_date
from raati.surveys import SurveyError, find_survey, survey_files, validate_files
from raati.transfer import FORMATS, RefusedFile, export_bytes, import_file


class Refused(Exception):
    """Refused input: the CLI prints the lines and exits 1."""

    def __init__(self, lines: list[str] | str):
        self.lines = [lines] if isinstance(lines, str) else list(lines)
        super().__init__("\n".join(self.lines))


def _date(value: str) -> str:
    day = parse_iso_date(value)
    if day is None:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date YYYY-MM-DD")
    return day.isoformat()


def _positive_int(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number 1 or more")
    return int(value)


def _store(args) -> Store:
    return Store(args.db)


def _survey(args):
    return find_survey(args.defs, args.survey)


# -- commands --------------------------------------------------------------------------


def cmd_validate(args) -> int:
    defs = Path(args.defs)
    if args.files:
        paths = [Path(f) for f in args.files]
        missing = [f"{p}: no such file" for p in paths if not p.is_file()]
        if missing:
            raise Refused(missing)
        # A file outside --defs resolves its pictures against its own folder.
        surveys, problems = validate_files(paths, None)
    else:
        if not defs.is_dir():
            raise Refused(f"{defs}: the survey folder does not exist")
        surveys, problems = validate_files(survey_files(defs), defs)
    if problems:
        raise Refused(problems)
    print(f"ok: {len(surveys)} surveys")
    return 0


def cmd_import(args) -> int:
    survey = _survey(args)
    result = import_file(_store(args), survey, args.file)
    print(
        f"imported {result.imported} responses to {survey.id}"
        + (f" ({result.already_present} already present)" if result.already_present else "")
    )
    return 0


def cmd_export(args) -> int:
    survey = _survey(args)
    data = export_bytes(
        _store(args), survey, args.format, unit=args.unit, since=args.since, until=args.until
    )
    if args.out:
        Path(args.out).write_bytes(data)
    elif args.format == "xlsx" and sys.stdout.isatty():
        raise Refused("xlsx is a binary file: give --out FILE")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_summary(args) -> int:
    from analysis.summary import summarize

    survey = _survey(args)
    summary = summarize(
        _store(args), survey, args.min_group, unit=args.unit, since=args.since, until=args.until
    )
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    print(f"{survey.text(survey.title, survey.default_language)} ({survey.id})")
    print(f"responses: {summary['responses']}   minimum group: {summary['min_group']}")
    for q in summary["questions"]:
        line = f"  {q['id']:<24} {q['type']:<7} n={q['n']:<5}"
        if q["suppressed"]:
            line += f" (fewer than {summary['min_group']} answers: not shown)"
        elif q.get("counts"):
            line += " " + "  ".join(f"{k}:{v}" for k, v in q["counts"].items())
            if q.get("mean") is not None:
                line += f"  mean {q['mean']:.2f}".replace(".", ",")
        print(line)
    return 0


def cmd_round_open(args) -> int:
    survey = _survey(args)
    rnd = _store(args).open_round(
        survey.id, args.unit, name=args.name or "", opens=args.opens, closes=args.closes,
        expected=args.expected,
    )
    base = args.base_url or config.base_url() or config.DEFAULT_BASE_URL
    print(config.answer_link(base, rnd.token))
    return 0


def cmd_round_list(args) -> int:
    store = _store(args)
    counts = store.round_response_counts()
    base = args.base_url or config.base_url() or config.DEFAULT_BASE_URL
    for r in store.rounds(args.survey):
        expected = f"/{r.expected}" if r.expected else ""
        print("\t".join([
            r.survey, r.unit, r.name or "-", r.opens, r.closes or "-", r.status(),
            f"{counts.get(r.id, 0)}{expected}", config.answer_link(base, r.token),
        ]))
    return 0


def cmd_demo(args) -> int:
    from raati.demo import fill_demo

    result = fill_demo(_store(args), args.defs)
    if result.created:
        print(f"demo: {result.units} units, {result.rounds} rounds, {result.responses} responses")
    else:
        print("demo: the demo content is already there")
    return 0


# -- parser ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=str(config.db_path()),
                        help="database file (default: $RAATI_DB or data/raati.db)")
    common.add_argument("--defs", default=str(config.defs_dir()),
                        help="survey folder (default: $RAATI_DEFS or survey_defs/)")
    filters = argparse.ArgumentParser(add_help=False)
    filters.add_argument("--unit", help="only this unit's responses")
    filters.add_argument("--since", type=_date, help="responses from this date on (YYYY-MM-DD)")
    filters.add_argument("--until", type=_date, help="responses up to this date (YYYY-MM-DD)")

    parser = argparse.ArgumentParser(
        prog="raati", description="Raati: anonymous client feedback for workshops."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", parents=[common], help="check survey files")
    p.add_argument("files", nargs="*", metavar="FILE")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("import", parents=[common], help="import responses from CSV or XLSX")
    p.add_argument("file", metavar="FILE.csv")
    p.add_argument("--survey", required=True)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", parents=[common, filters], help="export responses")
    p.add_argument("--survey", required=True)
    p.add_argument("--format", choices=FORMATS, default="csv")
    p.add_argument("--out", metavar="FILE")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("summary", parents=[common, filters], help="summarize responses")
    p.add_argument("--survey", required=True)
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--min-group", type=_positive_int, default=config.min_group(),
                   help="smallest group whose results are shown (default 5)")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("round", help="collection rounds")
    rsub = p.add_subparsers(dest="round_command", required=True, metavar="COMMAND")
    rp = rsub.add_parser("open", parents=[common], help="open a round; prints its answer link")
    rp.add_argument("--survey", required=True)
    rp.add_argument("--unit", required=True)
    rp.add_argument("--name", help="a name for staff, e.g. 'kevät 2027'")
    rp.add_argument("--expected", type=_positive_int, help="expected number of respondents")
    rp.add_argument("--opens", type=_date, help="first day of answering (default today)")
    rp.add_argument("--closes", type=_date, help="last day of answering")
    rp.add_argument("--base-url", help="the app's public address (default $RAATI_BASE_URL)")
    rp.set_defaults(func=cmd_round_open)
    rp = rsub.add_parser("list", parents=[common], help="list rounds with their links")
    rp.add_argument("--survey")
    rp.add_argument("--base-url")
    rp.set_defaults(func=cmd_round_list)

    p = sub.add_parser("demo", parents=[common], help="fill the database with demo content")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (Refused, SurveyError, RefusedFile) as exc:
        lines = getattr(exc, "lines", None) or getattr(exc, "problems", None) or [str(exc)]
        for line in lines:
            print(line, file=sys.stderr)
        return 1
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

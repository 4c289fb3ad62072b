"""The ``raati`` command line (contract §3). Exit status: 0 success, 1 refused input
(message on stderr), 2 wrong usage."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from raati import actions as actions_rules
from raati import config
from raati import panels as panels_rules
from raati.responses import AnswerError
from raati.store import Store, StoreError, parse_iso_date
from raati.surveys import SurveyError, survey_files, validate_files
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


def _store(args, create: bool = False) -> Store:
    """The store at ``--db``. Only the commands that add data (``create``: import, round
    open, user add, demo) may make a new database file; the others refuse a path with no
    database, so a mistyped --db is an error, not a new empty database and an empty
    report."""
    target = _target(args.db)
    if target.is_postgres:
        return _pg_store(target)
    path = target.path
    if path.is_dir():
        raise Refused(f"--db {path}: is a folder, not a database file")
    if not create and not path.is_file():
        raise Refused(f"--db {path}: no database there (check the path; a new one is made"
                      " by import, round open, user add and demo)")
    return Store(path)


def _target(value: str):
    """``--db`` parsed (raati.store.backend.parse_target); Refused for an unknown
    scheme or an empty value."""
    from raati.store.backend import parse_target

    try:
        return parse_target(value)
    except ValueError as exc:
        raise Refused(f"--db: {exc}") from None


def _pg_store(target) -> Store:
    """The PostgreSQL store at ``target``; a server that cannot be reached (or refuses
    the login, or has no such database) is a Refused line naming the address without
    its password, not a traceback."""
    import psycopg

    try:
        return Store(target)
    except psycopg.Error as exc:
        from raati.store.backend import error_line

        reason = error_line(exc)
        raise Refused(f"--db {target.label}: cannot use the PostgreSQL database ({reason})"
                      ) from None


def _existing_store(args) -> Store | None:
    """The store at ``--db`` if there is one (a SQLite file that exists, or any
    reachable PostgreSQL database), else None."""
    target = _target(args.db)
    if target.is_postgres:
        return _pg_store(target)
    return Store(target.path) if target.path.is_file() else None


def _out_file(value: str | None) -> Path | None:
    """``--out`` checked before any work: a file name in an existing folder."""
    if value is None:
        return None
    out = Path(value)
    if out.is_dir():
        raise Refused(f"--out {out}: is a folder; give a file name, e.g. {out / 'raportti'}")
    if not out.parent.is_dir():
        raise Refused(f"--out: the folder {out.parent} does not exist")
    return out


def _write_out(out: Path, data: bytes) -> None:
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise Refused(f"--out {out}: cannot write the file: {exc.strerror or exc}") from None


def _survey(args, survey_id: str | None = None):
    """The survey ``survey_id`` (default --survey): stored in --db, else its file in
    --defs (raati.survey_catalog.find_survey)."""
    from raati import survey_catalog

    return survey_catalog.find_survey(args.defs, _existing_store(args),
                                      survey_id or args.survey)


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


def _actor() -> str:
    """Who did it, for the audit log: the operating-system user of the command line."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in this environment
        return "cli"


def cmd_import(args) -> int:
    survey = _survey(args)
    store = _store(args, create=True)
    result = import_file(store, survey, args.file)
    store.audit(_actor(), "import", survey.id,
                f"{Path(args.file).name}: {result.imported} new, {result.already_present} present")
    print(
        f"imported {result.imported} responses to {survey.id}"
        + (f" ({result.already_present} already present)" if result.already_present else "")
    )
    return 0


def cmd_export(args) -> int:
    survey = _survey(args)
    out = _out_file(args.out)
    store = _store(args)
    data = export_bytes(
        store, survey, args.format, unit=args.unit, since=args.since, until=args.until
    )
    if not args.out and args.format == "xlsx" and sys.stdout.isatty():
        raise Refused("xlsx is a binary file: give --out FILE")
    if out:
        _write_out(out, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    filters = " ".join(f"{k}={v}" for k, v in
                       (("unit", args.unit), ("since", args.since), ("until", args.until)) if v)
    store.audit(_actor(), "export", survey.id, f"{args.format} {filters}".strip())
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
    k = summary["min_group"]
    left = summary["left_out"]
    left_text = f"fewer than {k}" if 0 < left < k else str(left)
    print(f"responses: {summary['responses']}   left out: {left_text}   minimum group: {k}")
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


def _report_labels(store, survey, data, view, units, periods,
                   args) -> tuple[str, str, int | None]:
    """(units label, period label, expected respondents or None): the one implementation
    the results page shares (analysis.scope.report_labels)."""
    from analysis.scope import report_labels

    return report_labels(store, survey, data, view, units, periods, unit=args.unit,
                         since=args.since, until=args.until)


def _report_comparisons(store, survey, data, units, periods, args) -> list:
    """The groups of ``--compare`` (analysis.scope.report_comparisons, shared with the
    results page); too many to fit side by side is refused in a sentence."""
    from analysis.scope import MAX_COMPARE_GROUPS, TooManyGroups, report_comparisons

    try:
        return report_comparisons(store, survey, data, args.compare, args.min_group,
                                  units=units, periods=periods)
    except TooManyGroups as e:
        raise Refused(f"--compare {args.compare}: {e.groups} groups; at most "
                      f"{MAX_COMPARE_GROUPS} fit side by side (narrow with --unit, --since, "
                      "--until)") from None


def cmd_report(args) -> int:
    from analysis.report import report_pdf, report_pptx
    from analysis.views import build_view, shown_texts

    survey = _survey(args)
    out = _out_file(args.out)
    if args.lang and args.lang not in survey.languages:
        raise Refused(f"--lang {args.lang}: {survey.id} is in "
                      + ", ".join(survey.languages))
    store = _store(args)
    if args.unit and args.unit not in {u.id for u in store.units()}:
        raise Refused(f"unit: no unit '{args.unit}'")
    if args.since and args.until and args.since > args.until:
        raise Refused(f"--since {args.since} is after --until {args.until}")
    lang = args.lang or survey.default_language

    from analysis.summary import cut_data
    from analysis.views import published_counts

    # The contract's block rule (§4): only blocks wholly inside --unit/--since/--until.
    data = cut_data(published_counts(store, survey, args.min_group), args.unit, args.since,
                    args.until)
    units, periods = ([args.unit] if args.unit else None), None
    view = build_view(survey, data, args.min_group, units=units, periods=periods)
    # Only approved, masked texts of the blocks the view counts (shown_texts decides).
    text_questions = [q.id for q in survey.questions if q.type == "text"]
    texts = shown_texts(view, store.free_texts(survey.id, text_questions, units=units),
                        store.moderation_state(survey.id))
    units_label, period_label, expected = _report_labels(store, survey, data, view, units,
                                                         periods, args)
    comparisons = _report_comparisons(store, survey, data, units, periods, args)
    # The closed panel sessions of the report's units and days (analysis.panel_report).
    from analysis.panel_report import report_panels

    panels = report_panels(store, survey.id, data, unit=args.unit, since=args.since,
                           until=args.until, lang=lang)
    # The actions of the same units and days, public and staff-only (analysis.actions_report).
    from analysis.actions_report import report_actions

    actions = report_actions(store, survey, data, unit=args.unit, since=args.since,
                             until=args.until, lang=lang, defs_dir=args.defs)
    write = report_pdf if args.format == "pdf" else report_pptx
    content = write(survey, view, texts, lang=lang, title_extra=args.title or "",
                    units_label=units_label, period_label=period_label,
                    min_group=args.min_group, comparisons=comparisons, expected=expected,
                    panels=panels, actions=actions)
    _write_out(out, content)
    filters = " ".join(f"{k}={v}" for k, v in
                       (("unit", args.unit), ("since", args.since), ("until", args.until),
                        ("compare", args.compare)) if v)
    store.audit(_actor(), "report", survey.id,
                f"{args.format} {filters} min_group={args.min_group} -> {out.name}".replace(
                    "  ", " "))
    print(f"wrote {out} ({args.format}; {view.responses} responses, {len(texts)} texts)")
    return 0


def cmd_round_open(args) -> int:
    survey = _survey(args)
    rnd = _store(args, create=True).open_round(
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
            str(r.id), r.survey, r.unit, r.name or "-", r.opens, r.closes or "-", r.status(),
            f"{counts.get(r.id, 0)}{expected}", config.answer_link(base, r.token),
        ]))
    return 0


def _confirm(args, question: str) -> None:
    """A destructive command needs --yes, or a typed 'yes' on a terminal."""
    if args.yes:
        return
    if not sys.stdin.isatty():
        raise Refused(f"{question} Give --yes to confirm.")
    if input(f"{question} Type yes to confirm: ").strip().lower() != "yes":
        raise Refused("not confirmed: nothing was deleted")


def _round(store, round_id: int):
    rnd = store.round_by_id(round_id)
    if rnd is None:
        raise Refused(f"round: no round {round_id} (see raati round list)")
    return rnd


def cmd_round_delete(args) -> int:
    from raati.retention import delete_round

    store = _store(args)
    rnd = _round(store, args.round)
    _confirm(args, f"Delete round {rnd.id} ({rnd.survey} / {rnd.unit} / {rnd.name or '-'}) "
             "and all its responses?")
    n = delete_round(store, rnd, _actor())
    print(f"deleted round {rnd.id} and {n} responses")
    return 0


def cmd_round_purge_texts(args) -> int:
    from raati.retention import purge_texts

    store = _store(args)
    rnd = _round(store, args.round)
    survey = _survey(args, rnd.survey)
    _confirm(args, f"Delete the free text of round {rnd.id} ({rnd.survey} / {rnd.unit})?")
    purge = purge_texts(store, rnd, survey, _actor())
    print(f"deleted {purge.texts_deleted} texts of round {rnd.id}; other answers stay")
    return 0


def _retention_days(value: str) -> int | None:
    """``--days`` of a retention rule: a whole number of days, or 'none' (None: no rule)."""
    if value == "none":
        return None
    if not (value.isascii() and value.isdigit()):  # not '²'
        raise Refused(f"--days: '{value}' is not a whole number of days or 'none'")
    return int(value)


def _retention_said(store, target: str, texts: str, closes: str, days: int | None) -> None:
    """Log a retention rule set on ``target`` ("round 3", "panel 2") and say it."""
    store.audit(_actor(), "retention_set", target,
                f"{texts} kept {days} days after closing" if days is not None
                else "no retention rule")
    print(f"{target}: {texts} " + (f"deleted {days} days after the {closes} closes"
                                   if days is not None else "kept (no rule)"))


def cmd_round_retention(args) -> int:
    store = _store(args)
    rnd = _round(store, args.round)
    days = _retention_days(args.days)
    store.set_text_retention(rnd.id, days)
    _retention_said(store, f"round {rnd.id}", "free text", "round", days)
    return 0


# -- stored surveys (issue 15) ----------------------------------------------------------


def cmd_survey_import(args) -> int:
    from raati import survey_catalog

    path = Path(args.file)
    if not path.is_file():
        raise Refused(f"{path}: no such file")
    store = _store(args, create=True)
    published = survey_catalog.import_file(store, args.defs, path, licence=args.licence or "",
                                           author=args.author or "")
    survey = published.survey
    if published.unchanged:
        print(f"unchanged: {survey.id} version {published.version} is the same; nothing"
              " stored")
        return 0
    store.audit(_actor(), "survey_publish", survey.id,
                f"version {published.version} from {path.name}")
    pictures = len({q.picture for q in survey.questions if q.picture}
                   | {o.picture for q in survey.questions for o in q.options if o.picture})
    print(f"imported {survey.id} as version {published.version}: {len(survey.questions)}"
          f" questions, {pictures} pictures")
    if published.shadowed_file:
        print(f"note: {published.shadowed_file} has the same id; the stored survey is used"
              " from now on")
    return 0


def cmd_survey_export(args) -> int:
    from raati import survey_catalog

    store = _existing_store(args)
    text, pictures = survey_catalog.export(store, args.defs, args.survey)
    if not args.out:
        sys.stdout.write(text)
        n = sum(1 for rel in pictures if Path(rel).name != survey_catalog.LICENCES_NAME)
        if n:
            print(f"note: {n} pictures not written; give --out FILE.yaml to write"
                  " them beside it", file=sys.stderr)
        return 0
    out = _out_file(args.out)
    for rel in [r for r in pictures if Path(r).name == survey_catalog.LICENCES_NAME]:
        if (out.parent / rel).is_file():  # another survey's pictures there: add our rows
            pictures[rel] = survey_catalog.merge_licences(
                (out.parent / rel).read_text(encoding="utf-8"),
                pictures[rel].decode("utf-8")).encode("utf-8")
    clashes = [rel for rel, data in pictures.items()
               if Path(rel).name != survey_catalog.LICENCES_NAME
               and (out.parent / rel).is_file() and (out.parent / rel).read_bytes() != data]
    if clashes:
        raise Refused(f"--out {out}: {', '.join(sorted(clashes))} already exists there with"
                      " other content; write into another folder")
    root = out.parent.resolve()
    for rel in pictures:
        target = (out.parent / rel).resolve()
        if root not in target.parents:
            raise Refused(f"picture '{rel}': leaves the folder of --out; nothing written")
    for rel, data in pictures.items():
        (out.parent / rel).parent.mkdir(parents=True, exist_ok=True)
        _write_out(out.parent / rel, data)
    _write_out(out, text.encode("utf-8"))
    n = sum(1 for rel in pictures if Path(rel).name != survey_catalog.LICENCES_NAME)
    print(f"wrote {out}" + (f" and {n} pictures beside it" if n else ""))
    return 0


def cmd_survey_list(args) -> int:
    from raati import survey_catalog

    store = _existing_store(args)
    catalog = survey_catalog.load_catalog(args.defs, store)
    counts = store.surveys_with_responses() if store else {}
    rows = []
    for sid, survey in catalog.surveys.items():
        source = catalog.sources[sid]
        rows.append({
            "id": sid, "title": survey.text(survey.title, survey.default_language),
            "version": survey.version, "questions": len(survey.questions),
            "responses": counts.get(sid, 0),
            "source": "stored" if source.kind == "stored" else "file",
            "archived": source.archived,
            "file": str(source.file or source.shadowed_file or "") or None,
            "file_used": source.kind == "file",
        })
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            where = ("file " + r["file"]) if r["source"] == "file" else (
                "stored" + (", archived" if r["archived"] else "")
                + (f" (file {r['file']} not used)" if r["file"] else ""))
            print("\t".join([r["id"], r["title"], f"version {r['version']}",
                             f"{r['questions']} question" + "s" * (r["questions"] != 1),
                             f"{r['responses']} response" + "s" * (r["responses"] != 1),
                             where]))
    for line in catalog.problems:
        print(line, file=sys.stderr)
    return 0


def _good_surveys(args) -> dict:
    """The valid surveys of --defs and --db by id; broken files are reported on stderr
    and left out (they must not stop housekeeping of the others)."""
    from raati import survey_catalog

    catalog = survey_catalog.load_catalog(args.defs, _existing_store(args))
    for line in catalog.problems:
        print(line, file=sys.stderr)
    return catalog.surveys


def cmd_retention_apply(args) -> int:
    from raati.maintenance import run_maintenance

    store = _store(args)
    run = run_maintenance(store, _good_surveys(args), actor=_actor())
    for purge in run.purges:
        print(f"round {purge.round.id}: deleted {purge.texts_deleted} texts")
    print(f"retention: {len(run.purges)} rounds purged")
    for purge in run.panel_purges:
        print(f"panel {purge.panel.id}: deleted {purge.texts_deleted} idea texts")
    if run.panel_purges:
        print(f"retention: {len(run.panel_purges)} panel sessions purged")
    if run.compaction:
        print(f"compacted: {run.compaction['bytes']} bytes in {run.compaction['seconds']} s")
    return 0


def cmd_round_close(args) -> int:
    store = _store(args)
    from raati.maintenance import close_round

    rnd = _round(store, args.round)
    close_round(store, rnd, _actor(), args.on)
    result = store.compact()  # here and now: no app thread to wake
    closed = store.round_by_id(rnd.id)
    print(f"round {rnd.id}: closed (last day of answering {closed.closes});"
          f" database compacted in {result['seconds']} s")
    return 0


def cmd_round_reopen(args) -> int:
    store = _store(args)
    from raati.maintenance import reopen_round

    rnd = _round(store, args.round)
    reopen_round(store, rnd, _actor(), args.closes)
    again = store.round_by_id(rnd.id)
    print(f"round {rnd.id}: reopened ({again.status()}; last day of answering"
          f" {again.closes or 'none'})")
    return 0


def cmd_db_compact(args) -> int:
    store = _store(args)
    result = store.compact()
    store.audit(_actor(), "db_compact", store.path.name if store.path else "postgresql",
                f"{result['bytes']} bytes, {result['seconds']} s")
    print(f"compacted {store.label}: {result['bytes']} bytes, WAL {result['wal_bytes']}"
          f" bytes, {result['seconds']} s")
    return 0


def _copy_target(flag: str, value: str):
    """``--from``/``--to`` parsed like --db (Refused lines name the flag)."""
    try:
        return _target(value)
    except Refused as exc:
        raise Refused([line.replace("--db", flag, 1) for line in exc.lines]) from None


def _copy_store(flag: str, target, *, source: bool) -> tuple[Store, bool]:
    """The store ``--from`` (must exist) or ``--to`` names, and whether a new SQLite file
    was made for it (removed again if the copy is refused)."""
    if target.is_postgres:
        try:
            return _pg_store(target), False
        except Refused as exc:
            raise Refused([line.replace("--db", flag, 1) for line in exc.lines]) from None
    path = target.path
    if path.is_dir():
        raise Refused(f"{flag} {path}: is a folder, not a database file")
    if source and not path.is_file():
        raise Refused(f"{flag} {path}: no database there (check the path)")
    if not path.parent.is_dir():
        raise Refused(f"{flag} {path}: the folder {path.parent} does not exist")
    made = not path.exists()
    return Store(path), made


def cmd_db_copy(args) -> int:
    """``raati db copy --from SRC --to DST``: every table into an empty database, in one
    transaction, verified (raati.store.copy.copy_database; issue 16)."""
    import psycopg

    from raati.store.copy import copy_database

    src_target = _copy_target("--from", args.source)
    dst_target = _copy_target("--to", args.dest)
    if src_target.key == dst_target.key:
        raise Refused(f"--from and --to are the same database ({src_target.label})")
    source, _ = _copy_store("--from", src_target, source=True)
    dest, made = _copy_store("--to", dst_target, source=False)
    try:
        result = copy_database(source, dest)
    except (StoreError, psycopg.Error) as exc:
        if made:
            dest.close()
            for suffix in ("", "-wal", "-shm"):
                Path(str(dst_target.path) + suffix).unlink(missing_ok=True)
        from raati.store.backend import error_line

        text = error_line(exc)
        raise Refused(f"db copy {source.label} -> {dest.label}: {text}") from None
    print(f"from {source.label} to {dest.label}:")
    width = max((len(t) for t in result.tables), default=0)
    for table, n in result.tables.items():
        print(f"  {table:<{width}} {n:>9}")
    print(f"copied {result.rows} rows in {len(result.tables)} tables; summaries equal for"
          f" {result.surveys_verified} surveys")
    dest.audit(_actor(), "db_copy", source.label,
               f"{result.rows} rows in {len(result.tables)} tables, "
               f"{result.surveys_verified} surveys verified: "
               + ", ".join(f"{t} {n}" for t, n in result.tables.items() if n))
    return 0


def cmd_db_check(args) -> int:
    """``raati db check``: the backend, the schema level and, on PostgreSQL, the server
    settings that would keep when people answered (raati.store.server_settings)."""
    from raati.store.copy import schema_level
    from raati.store.server_settings import (
        PRIVACY_SETTINGS,
        judge_privacy_settings,
        read_privacy_settings,
    )

    store = _store(args)
    tables, last = schema_level(store)
    print(f"backend: {'postgresql' if store.is_postgres else 'sqlite'} ({store.label})")
    print(f"schema: {tables} tables, last migration {last or 'none'}")
    if not store.is_postgres:
        print("ok: SQLite has no server settings or server log to check")
        return 0
    settings = read_privacy_settings(store)
    problems = judge_privacy_settings(settings)
    for name in PRIVACY_SETTINGS:
        if name in settings and not any(p.startswith(f"{name} = ") for p in problems):
            print(f"ok: {name} = {settings[name]}")
    if problems:
        raise Refused(problems)
    return 0


def _password_from(args, name: str) -> tuple[str, bool]:
    """(password, generated?) from --password-stdin, a no-echo prompt on a terminal, or
    a generated one to be printed once."""
    import getpass

    from raati.auth import generate_password

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise Refused("--password-stdin: no password on standard input")
        return password, False
    if sys.stdin.isatty():
        first = getpass.getpass(f"Password for {name}: ")
        if getpass.getpass("Again: ") != first:
            raise Refused("the passwords differ")
        return first, False
    return generate_password(), True


def cmd_user_add(args) -> int:
    from raati.auth import AuthError, check_name, create_user

    store = _store(args, create=True)
    try:
        name = check_name(args.name)
        password, generated = _password_from(args, name)
        user = create_user(store, name, args.role, password, args.unit or (),
                           must_change=generated)
    except AuthError as exc:
        raise Refused(f"user: {exc}") from None
    except StoreError as exc:
        raise Refused(str(exc)) from None
    store.audit(_actor(), "user_add", user.name,
                f"role {user.role}, units {', '.join(user.units) or '-'}")
    print(f"added {user.name} ({user.role}" + (f"; units {', '.join(user.units)}" if user.units
                                                else "") + ")")
    if generated:
        print(f"one-time password (shown only now; to be changed at the first login): {password}")
    if not any(u.role == "admin" and not u.disabled for u in store.users()):
        # The app makes the first admin only while there are no accounts at all.
        print("note: there is no admin account; add one with"
              " `raati user add NAME --role admin`", file=sys.stderr)
    return 0


def cmd_user_passwd(args) -> int:
    from raati.auth import AuthError, change_password

    store = _store(args)
    user = store.user_by_name(args.name.strip().lower())
    if user is None:
        raise Refused(f"user: no account '{args.name}'")
    password, generated = _password_from(args, user.name)
    try:
        change_password(store, user, password, must_change=generated)
    except AuthError as exc:
        raise Refused(f"user: {exc}") from None
    store.audit(_actor(), "password_reset", user.name)
    if generated:
        print(f"one-time password (shown only now; to be changed at the first login): {password}")
    else:
        print(f"password of {user.name} changed")
    return 0


def cmd_user_list(args) -> int:
    for user in _store(args).users():
        flags = [f for f, on in (("disabled", user.disabled), ("sso", user.sso_subject),
                                 ("must-change-password", user.must_change)) if on]
        print("\t".join([user.name, user.role, ",".join(user.units) or "-",
                         ",".join(flags) or "-"]))
    return 0


def cmd_user_remove(args) -> int:
    store = _store(args)
    user = store.user_by_name(args.name.strip().lower())
    if user is None:
        raise Refused(f"user: no account '{args.name}'")
    admins = [u for u in store.users() if u.role == "admin" and not u.disabled]
    if [u.id for u in admins] == [user.id]:  # (a disabled admin may go)
        raise Refused("user: this is the last admin; add another admin first")
    _confirm(args, f"Remove the account {user.name}?")
    store.delete_user(user.id)
    store.audit(_actor(), "user_remove", user.name)
    print(f"removed {user.name}")
    return 0


def cmd_routes(args) -> int:
    from raati.i18n import t
    from raati.routes import ROUTES

    rows = [{"path": r.path, "title": t(r.title_key, "fi"), "roles": list(r.roles)}
            for r in ROUTES]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            print("\t".join([row["path"], row["title"], ",".join(row["roles"])]))
    return 0


# -- client panel sessions (contract §5) --------------------------------------------------


def _panel(store, panel_id: int):
    panel = store.panel(panel_id)
    if panel is None:
        raise Refused(f"panel: no session {panel_id} (see raati panel list)")
    return panel


def _known_unit(store, unit: str) -> None:
    """Refuse a unit that is not in the store, in the words of ``raati action add``."""
    if unit not in {u.id for u in store.units()}:
        raise Refused(f"unit: no unit '{unit}'")


def cmd_panel_open(args) -> int:
    from raati import panel_control

    if args.themes is not None and args.round is None:
        args.usage_error("--themes needs --round ID")
    # The database and the unit must be there (a mistyped unit is refused as `action add`
    # refuses it, not made); every refusal comes before anything is stored.
    store = _store(args)
    _known_unit(store, args.unit)
    themes: list[dict] = []
    if args.round is not None:
        try:
            rnd = panel_control.theme_round(store, args.unit, args.round)
            survey = _survey(args, rnd.survey)
            themes = panel_control.themes_of_round(
                store, survey, rnd, args.themes or panel_control.THEMES_DEFAULT)
        except panels_rules.PanelError as exc:
            raise Refused(f"--round {args.round}: {exc}; no session opened") from None
    panel = store.open_panel(args.unit, args.title, votes_per_person=args.votes,
                             max_per_idea=args.max_per_idea, moderation=args.moderation,
                             prompts=args.prompt or (), themes=themes,
                             survey=rnd.survey if themes else None,
                             round_id=rnd.id if themes else None)
    store.audit(_actor(), "panel", str(panel.id), f"open {panel.unit}")
    base = args.base_url or config.base_url() or config.DEFAULT_BASE_URL
    print(f"panel {panel.id}\tcode {panel.code}\t{config.join_link(base, panel.code)}")
    # The workshop's shared tablet ("Seuraava henkilö"): for staff, never on the screen.
    print(f"kiosk\t{panels_rules.kiosk_link(base, panel.code, panel.kiosk_token)}")
    for theme in themes:
        print(f"theme {theme['kind']}\t{theme['question']}\tshare_low {theme['share_low']}"
              f"\tn {theme['n']}\t{theme['text']}")
    return 0


def cmd_panel_list(args) -> int:
    store = _store(args)
    if args.unit is not None:
        _known_unit(store, args.unit)  # a mistyped unit is not "no sessions"
    rows = []
    for p in store.panels(unit=args.unit):
        counts = store.panel_texts_count(p.id)
        rows.append({"id": p.id, "unit": p.unit, "title": p.title, "phase": p.phase,
                     "participants": p.participants, "ideas": sum(counts.values()),
                     "date": p.opened, "code": p.code})
    if not rows:  # stdout stays as for any empty list (scripts); people get a word
        print("no sessions" + (f" of unit {args.unit}" if args.unit is not None else ""),
              file=sys.stderr)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print("\t".join(["id", "unit", "title", "phase", "participants", "ideas", "date",
                     "code"]))
    for r in rows:
        print("\t".join(str(r[k]) for k in ("id", "unit", "title", "phase", "participants",
                                              "ideas", "date", "code")))
    return 0


def cmd_panel_phase(args) -> int:
    store = _store(args)
    _panel(store, args.panel)
    panel = store.set_panel_phase(args.panel, args.phase)
    store.audit(_actor(), "panel", str(panel.id), f"phase {panel.phase}")
    print(f"panel {panel.id}: {panel.phase}")
    return 0


def cmd_panel_idea(args) -> int:
    store = _store(args)
    _panel(store, args.panel)
    idea = store.add_idea(args.panel, args.text)
    # (no idea id with the time in the audit log: dates only with anything clients wrote)
    store.audit(_actor(), "panel", str(args.panel), "idea added by staff")
    print(f"idea {idea.id} added (approved)")
    return 0


def cmd_panel_moderate(args) -> int:
    store = _store(args)
    _panel(store, args.panel)
    from analysis.text import mask_personal_data

    if args.approve_all:  # each with personal data masked, as the app's suggestion
        n = store.approve_waiting_ideas(args.panel, suggest=mask_personal_data)
        store.audit(_actor(), "panel", str(args.panel), f"approved {n} waiting ideas")
        print(f"approved {n} ideas")
        return 0
    idea_id, status = (args.approve, "approved") if args.approve else (args.hide, "hidden")
    idea = store.idea(idea_id)
    if idea is None or idea.panel_id != args.panel:
        raise Refused(f"idea: no idea {idea_id} in session {args.panel}")
    store.moderate_idea(idea_id, status,
                        text=mask_personal_data(idea.text) if status == "approved" else None)
    store.audit(_actor(), "panel", str(args.panel), f"idea {status}")
    print(f"idea {idea_id}: {status}")
    return 0


def cmd_panel_export(args) -> int:
    from raati.panel_control import export_outcome

    out = _out_file(args.out)
    store = _store(args)
    panel = _panel(store, args.panel)
    raw = export_outcome(store, panel, args.format)
    store.audit(_actor(), "panel", str(panel.id), f"export {args.format}")
    if out is None:
        sys.stdout.write(raw.decode("utf-8-sig" if args.format == "excel-csv" else "utf-8"))
    else:
        _write_out(out, raw)
        print(f"wrote {out}")
    return 0


def cmd_panel_retention(args) -> int:
    store = _store(args)
    panel = _panel(store, args.panel)
    days = _retention_days(args.days)
    if days is not None and days > panels_rules.MAX_TEXT_RETENTION_DAYS:
        raise Refused(f"--days: at most {panels_rules.MAX_TEXT_RETENTION_DAYS} (about ten"
                      f" years), not {days}; or 'none' to keep the texts")
    panel = store.set_panel_options(panel.id, text_retention_days=days)
    _retention_said(store, f"panel {panel.id}", "idea texts", "session", days)
    return 0


def cmd_panel_report(args) -> int:
    from analysis.panel_report import panel_report

    out = _out_file(args.out)
    store = _store(args)
    panel = _panel(store, args.panel)
    _write_out(out, panel_report(store, panel, args.format, args.lang))
    store.audit(_actor(), "panel", str(panel.id), f"report {args.format} -> {out.name}")
    print(f"wrote {out} ({args.format}; session {panel.id}, {panel.phase})")
    return 0


# -- "you said, we did" actions (contract §6) ----------------------------------------------


def _action_surveys(args, needed: bool) -> dict:
    """The surveys of --defs by id when a --survey is given (else {}: not read)."""
    return _good_surveys(args) if needed else {}


def cmd_action_add(args) -> int:
    from raati.action_control import check_survey_source

    store = _store(args)
    picture = actions_rules.check_picture(args.picture, Path(args.defs))
    check_survey_source(_action_surveys(args, args.survey is not None), args.survey,
                        args.question)
    if args.proposal is not None and args.panel is None:
        raise Refused("--proposal: give its --panel too")
    action = store.add_action(args.unit, args.said, args.did, status=args.status,
                              public=args.public, responsible=args.responsible, due=args.due,
                              picture=picture, panel=args.panel, proposal=args.proposal,
                              survey=args.survey, question=args.question,
                              note=args.note or "")
    store.audit(_actor(), "action", f"action {action.id}",
                f"add {action.unit} {action.status} ({action.source})")
    print(action.id)
    return 0


def cmd_action_update(args) -> int:
    store = _store(args)
    old = store.action(args.action)
    if old is None:
        raise Refused(f"action: no action {args.action} (see raati action list)")
    changes = {k: v for k, v in (("status", args.status), ("did", args.did),
                                 ("said", args.said), ("note", args.note),
                                 ("public", args.public)) if v is not None}
    if args.responsible is not None:
        changes["responsible"] = args.responsible
    if args.due is not None:
        changes["due"] = None if args.due == "none" else args.due
    if args.picture is not None:
        changes["picture"] = None if args.picture == "none" else \
            actions_rules.check_picture(args.picture, Path(args.defs))
    if not changes:
        raise Refused("nothing to change: give --status, --did, --note or another field")
    new = store.update_action(args.action, **changes)
    what = [k for k in ("status", "did", "said", "public", "responsible", "due", "picture")
            if getattr(new, k) != getattr(old, k)] + (["note"] if args.note else [])
    if what:
        store.audit(_actor(), "action", f"action {new.id}", "change: " + ", ".join(
            f"status {new.status}" if k == "status" else k for k in what))
    print(f"action {new.id}: {new.status}" + ("" if what else " (nothing changed)"))
    return 0


def cmd_action_list(args) -> int:
    store = _store(args)
    for status in args.status or ():
        actions_rules.check_status(status)
    if args.unit is not None and args.unit not in {u.id for u in store.units()}:
        # as `action add` says it: a mistyped unit is not "no actions"
        raise Refused(f"unit: no unit '{args.unit}'")
    found = store.actions(unit=args.unit, statuses=args.status)
    if args.json:
        print(json.dumps([a.as_json() for a in found], ensure_ascii=False, indent=2))
        return 0
    for a in found:
        print("\t".join([str(a.id), a.unit, a.status, a.due or "-",
                         "public" if a.public else "private", a.said, a.did]))
    return 0


def cmd_demo(args) -> int:
    from raati.demo import fill_demo

    result = fill_demo(_store(args, create=True), args.defs)
    if result.created:
        print(f"demo: {result.units} units, {result.rounds} rounds, {result.responses} responses,"
              f" {result.panels} panel session{'s' if result.panels != 1 else ''}")
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

    p = sub.add_parser("report", parents=[common, filters],
                       help="write the findings report (PDF or PowerPoint)")
    p.add_argument("--survey", required=True)
    p.add_argument("--format", required=True, choices=("pdf", "pptx"))
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--min-group", type=_positive_int, default=config.min_group(),
                   help="smallest group whose results are shown (default 5)")
    p.add_argument("--compare", choices=("units", "rounds"),
                   help="also draw the units (or the rounds) side by side")
    p.add_argument("--lang", help="language of the survey's texts (default: its first)")
    p.add_argument("--title", help="a line under the survey's title, e.g. 'Kevät 2026'")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("survey", help="surveys stored in the database (import, export, list)")
    ssub = p.add_subparsers(dest="survey_command", required=True, metavar="COMMAND")
    sp = ssub.add_parser("import", parents=[common],
                         help="store a survey file (§1 YAML) as a new version")
    sp.add_argument("file", metavar="FILE.yaml")
    sp.add_argument("--licence", help="licence of pictures without a LICENSES.md row")
    sp.add_argument("--author", help="author of pictures without a LICENSES.md row")
    sp.set_defaults(func=cmd_survey_import)
    sp = ssub.add_parser("export", parents=[common],
                         help="write a survey's current version as §1 YAML")
    sp.add_argument("--survey", required=True)
    sp.add_argument("--out", metavar="FILE.yaml", help="default: print the YAML")
    sp.set_defaults(func=cmd_survey_export)
    sp = ssub.add_parser("list", parents=[common], help="the surveys, stored and files")
    sp.add_argument("--json", action="store_true")
    sp.set_defaults(func=cmd_survey_list)

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

    yes = argparse.ArgumentParser(add_help=False)
    yes.add_argument("--yes", action="store_true", help="confirm without asking")
    rp = rsub.add_parser("delete", parents=[common, yes],
                         help="delete a round and all its responses")
    rp.add_argument("--round", type=_positive_int, required=True, help="the round's id")
    rp.set_defaults(func=cmd_round_delete)
    rp = rsub.add_parser("purge-texts", parents=[common, yes],
                         help="delete a round's free text now (other answers stay)")
    rp.add_argument("--round", type=_positive_int, required=True, help="the round's id")
    rp.set_defaults(func=cmd_round_purge_texts)
    rp = rsub.add_parser("close", parents=[common],
                         help="close a round now (its link takes no more answers)")
    rp.add_argument("--round", type=_positive_int, required=True, help="the round's id")
    rp.add_argument("--on", type=_date, help="first day without answering (default today)")
    rp.set_defaults(func=cmd_round_close)
    rp = rsub.add_parser("reopen", parents=[common],
                         help="reopen a closed round (its link takes answers again)")
    rp.add_argument("--round", type=_positive_int, required=True, help="the round's id")
    rp.add_argument("--closes", type=_date, help="last day of answering (default: no end)")
    rp.set_defaults(func=cmd_round_reopen)
    rp = rsub.add_parser("retention", parents=[common],
                         help="keep a round's free text N days after it closes")
    rp.add_argument("--round", type=_positive_int, required=True, help="the round's id")
    rp.add_argument("--days", required=True, help="days after closing, or 'none'")
    rp.set_defaults(func=cmd_round_retention)

    p = sub.add_parser("retention", help="retention of free text")
    tsub = p.add_subparsers(dest="retention_command", required=True, metavar="COMMAND")
    tp = tsub.add_parser("apply", parents=[common],
                         help="delete the free text of rounds whose retention time is"
                         " over, then compact the database if due (for cron)")
    tp.set_defaults(func=cmd_retention_apply)

    p = sub.add_parser("db", help="the database file")
    dsub = p.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    dp = dsub.add_parser("compact", parents=[common],
                         help="rebuild the file in key order and empty the WAL, so the order"
                         " of answers cannot be read from it")
    dp.set_defaults(func=cmd_db_compact)
    dp = dsub.add_parser("copy", help="copy every table into an empty database (SQLite"
                         " to PostgreSQL or back), all-or-nothing, verified")
    dp.add_argument("--from", dest="source", required=True, metavar="SRC",
                    help="the database to copy: a file, sqlite:///path or postgresql://…")
    dp.add_argument("--to", dest="dest", required=True, metavar="DST",
                    help="an empty database: a file (made if missing), sqlite:///path or"
                    " postgresql://…")
    dp.set_defaults(func=cmd_db_copy)
    dp = dsub.add_parser("check", parents=[common],
                         help="the backend, the schema level and, on PostgreSQL, server"
                         " settings that would keep when people answered")
    dp.set_defaults(func=cmd_db_check)

    p = sub.add_parser("user", help="staff accounts")
    usub = p.add_subparsers(dest="user_command", required=True, metavar="COMMAND")
    up = usub.add_parser("add", parents=[common], help="create a staff account")
    up.add_argument("name")
    up.add_argument("--role", required=True, choices=("admin", "staff", "developer-client"))
    up.add_argument("--unit", action="append", help="a unit the account sees (repeatable)")
    up.add_argument("--password-stdin", action="store_true",
                    help="read the password from standard input")
    up.set_defaults(func=cmd_user_add)
    up = usub.add_parser("passwd", parents=[common], help="set an account's password")
    up.add_argument("name")
    up.add_argument("--password-stdin", action="store_true",
                    help="read the password from standard input")
    up.set_defaults(func=cmd_user_passwd)
    up = usub.add_parser("list", parents=[common], help="list accounts")
    up.set_defaults(func=cmd_user_list)
    up = usub.add_parser("remove", parents=[common, yes], help="remove an account")
    up.add_argument("name")
    up.set_defaults(func=cmd_user_remove)

    p = sub.add_parser("panel", help="client panel sessions (asiakasraati)")
    psub = p.add_subparsers(dest="panel_command", required=True, metavar="ACTION")
    pp = psub.add_parser("open", parents=[common],
                         help="open a session; prints its id, join code and join link")
    pp.add_argument("--unit", required=True)
    pp.add_argument("--title", required=True)
    pp.add_argument("--votes", type=_positive_int, default=panels_rules.DEFAULT_VOTES,
                    help=f"dots per person (default {panels_rules.DEFAULT_VOTES})")
    pp.add_argument("--max-per-idea", type=_positive_int,
                    default=panels_rules.DEFAULT_MAX_PER_IDEA,
                    help=f"at most this many of one person's dots on one idea (default"
                         f" {panels_rules.DEFAULT_MAX_PER_IDEA})")
    pp.add_argument("--moderation", choices=panels_rules.MODERATION, default="pre",
                    help="pre (default): ideas reach the shared screen after approval")
    pp.add_argument("--prompt", action="append", metavar="TEXT",
                    help="a discussion prompt shown to everyone (repeat for more)")
    pp.add_argument("--round", type=_positive_int, metavar="ID",
                    help="start from this round's weakest and strongest themes (a round of"
                         " --unit with at least the minimum group of answers)")
    pp.add_argument("--themes", type=_positive_int, metavar="N",
                    help="with --round: at most N weakest and N strongest themes (default 2)")
    pp.add_argument("--base-url", help="the app's public address for the join link")
    pp.set_defaults(func=cmd_panel_open, usage_error=pp.error)
    pp = psub.add_parser("list", parents=[common], help="list sessions")
    pp.add_argument("--unit")
    pp.add_argument("--json", action="store_true", help="print a JSON list")
    pp.set_defaults(func=cmd_panel_list)
    pp = psub.add_parser("phase", parents=[common], help="move a session to a phase")
    pp.add_argument("--panel", type=_positive_int, required=True)
    pp.add_argument("phase", choices=panels_rules.PHASES)
    pp.set_defaults(func=cmd_panel_phase)
    pp = psub.add_parser("idea", parents=[common],
                         help="add an idea said aloud or written on paper (approved at once)")
    pp.add_argument("--panel", type=_positive_int, required=True)
    pp.add_argument("--text", required=True)
    pp.set_defaults(func=cmd_panel_idea)
    pp = psub.add_parser("moderate", parents=[common], help="approve or hide ideas")
    pp.add_argument("--panel", type=_positive_int, required=True)
    group = pp.add_mutually_exclusive_group(required=True)
    group.add_argument("--approve", type=_positive_int, metavar="IDEA")
    group.add_argument("--hide", type=_positive_int, metavar="IDEA")
    group.add_argument("--approve-all", action="store_true")
    pp.set_defaults(func=cmd_panel_moderate)
    pp = psub.add_parser("export", parents=[common], help="the session's outcome")
    pp.add_argument("--panel", type=_positive_int, required=True)
    pp.add_argument("--format", choices=("json", "csv", "excel-csv"), default="json",
                    help="json (default), csv, or excel-csv (; and a BOM, for Excel)")
    pp.add_argument("--out", help="file to write (default: print)")
    pp.set_defaults(func=cmd_panel_export)
    pp = psub.add_parser("report", parents=[common],
                         help="the session's report (PDF or PowerPoint)")
    pp.add_argument("--panel", type=_positive_int, required=True)
    pp.add_argument("--format", required=True, choices=("pdf", "pptx"))
    pp.add_argument("--out", required=True, metavar="FILE")
    pp.add_argument("--lang", choices=("fi", "sv", "en"), default="fi",
                    help="language of the report's own words (default fi)")
    pp.set_defaults(func=cmd_panel_report)
    pp = psub.add_parser("retention", parents=[common],
                         help="delete the idea texts N days after the session closes")
    pp.add_argument("--panel", type=_positive_int, required=True)
    pp.add_argument("--days", required=True, help="days after closing, or 'none'")
    pp.set_defaults(func=cmd_panel_retention)

    p = sub.add_parser("action", help='"you said, we did" actions')
    asub = p.add_subparsers(dest="action_command", required=True, metavar="ACTION")
    ap = asub.add_parser("add", parents=[common], help="record an action; prints its id")
    ap.add_argument("--unit", required=True)
    ap.add_argument("--said", required=True, help="what clients said, in plain language")
    ap.add_argument("--did", required=True,
                    help="what is done or was done (for not_possible: why not)")
    ap.add_argument("--status", default="received",
                    help=f"{', '.join(actions_rules.STATUSES)} (default received)")
    ap.add_argument("--responsible", help="responsible person or team")
    ap.add_argument("--due", help="due date YYYY-MM-DD")
    shown = ap.add_mutually_exclusive_group()
    shown.add_argument("--public", dest="public", action="store_true", default=True,
                       help="shown on the unit's public page (default)")
    shown.add_argument("--private", dest="public", action="store_false",
                       help="for staff only")
    ap.add_argument("--panel", type=_positive_int, help="the panel session it answers")
    ap.add_argument("--proposal", type=_positive_int, help="that session's proposal")
    ap.add_argument("--survey", help="the survey it came from")
    ap.add_argument("--question", help="that survey's question (e.g. its weakest theme)")
    ap.add_argument("--picture", help="a picture of the library, e.g. pictures/kahvi.svg")
    ap.add_argument("--note", help="a note for the first history entry")
    ap.set_defaults(func=cmd_action_add)
    ap = asub.add_parser("update", parents=[common],
                         help="change an action; each change is a dated history entry")
    ap.add_argument("--action", type=_positive_int, required=True)
    ap.add_argument("--status", help=", ".join(actions_rules.STATUSES))
    ap.add_argument("--did")
    ap.add_argument("--note")
    ap.add_argument("--said")
    ap.add_argument("--responsible", help="a name, or '' to clear it")
    ap.add_argument("--due", help="YYYY-MM-DD, or 'none'")
    ap.add_argument("--picture", help="pictures/NAME.svg, or 'none'")
    shown = ap.add_mutually_exclusive_group()
    shown.add_argument("--public", dest="public", action="store_true", default=None)
    shown.add_argument("--private", dest="public", action="store_false")
    ap.set_defaults(func=cmd_action_update)
    ap = asub.add_parser("list", parents=[common], help="the actions, newest first")
    ap.add_argument("--unit")
    ap.add_argument("--status", action="append",
                    help="only this status (repeatable): " + ", ".join(actions_rules.STATUSES))
    ap.add_argument("--json", action="store_true", help="print a JSON list (contract §6)")
    ap.set_defaults(func=cmd_action_list)

    p = sub.add_parser("routes", parents=[common], help="list the app's pages and roles")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(func=cmd_routes)

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
    except (StoreError, panels_rules.PanelError, actions_rules.ActionError,
            AnswerError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except BrokenPipeError:  # `raati round list | head`: the reader has had enough
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

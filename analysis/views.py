"""Results views with the minimum-group rule that holds for every cut.

Responses fall into blocks: (unit, period, language), the period being the round (or
the month, for responses imported without one). For each question:

- a view without a language filter takes a (unit, period) block only if at least
  ``min_group`` people answered the question in it (all its languages together);
- a view of one language takes that language's part of a (unit, period) block only if
  the part has at least ``min_group`` answers AND the rest of the block has none or at
  least ``min_group``.

Every figure is then a sum of whole blocks (or block parts) of ``min_group`` or more,
and the difference of any two views (a unit against all units, one language against
all, one round against two) is a sum of such blocks too: nothing under the minimum can
be seen directly or recovered by subtraction. Blocks left out are counted, so a page
can say how many answers are not shown.

Over time, too: a block of an open round grows one answer at a time, and two looks at
its figures, before and after one person answered, would give that person's answers
("14 vastausta" → "15 vastausta" and the mean moves). So what is shown of a block is a
published state (:func:`publish`), and each item of a block (its respondents, each
question) moves on to a new state only when at least ``min_group`` more people are in
it: any two states ever shown differ by ``min_group`` or more. Answers that came after
the last state are held back and counted with the left-out ones ("alle 5").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.likert import QuestionResult, answer_values
from raati.surveys import Survey

Block = tuple[str, str, str]  # (unit, period, lang)
ALL = "*"  # the language key of a block's all-languages state in published data


@dataclass(frozen=True)
class View:
    responses: int  # respondents counted in this view
    left_out: int  # respondents of matching blocks not counted (small groups, held back)
    results: list[QuestionResult]
    kept: dict[str, frozenset[Block]]  # question -> the blocks its figures come from

    def result(self, question_id: str) -> QuestionResult | None:
        return next((r for r in self.results if r.question.id == question_id), None)


def _block_n(data: dict, survey: Survey) -> dict[tuple[Block, str], int]:
    """(block, question) -> how many answered."""
    n: dict[tuple[Block, str], int] = defaultdict(int)
    multi = {q.id for q in survey.questions if q.type == "multi"}
    if data.get("published"):  # published data: "answered" holds every question's n
        return dict(data["answered"])
    for (block, question, _value), count in data["counts"].items():
        if question not in multi:
            n[(block, question)] += count
    for key, count in data["answered"].items():
        n[key] = count
    return n


def _parts_for(data: dict, lang: str | None) -> dict:
    """Of published data (see publish), the all-languages states for a view of all
    languages, else the language parts."""
    def keep(block: Block) -> bool:
        return (block[2] == ALL) == (lang is None)

    return {**data,
            "respondents": {b: n for b, n in data["respondents"].items() if keep(b)},
            "counts": {k: n for k, n in data["counts"].items() if keep(k[0])},
            "answered": {k: n for k, n in data["answered"].items() if keep(k[0])}}


def _safe(part: int, whole: int, min_group: int) -> bool:
    rest = whole - part
    return part >= min_group and (rest == 0 or rest >= min_group)


def build_view(survey: Survey, data: dict, min_group: int, *,
               units: Iterable[str] | None = None, periods: Iterable[str] | None = None,
               lang: str | None = None) -> View:
    """The results of the blocks matching ``units``, ``periods`` and ``lang`` (None =
    all), with the rule above. ``data`` is Store.block_counts()."""
    units = None if units is None else set(units)
    periods = None if periods is None else set(periods)
    if data.get("published"):
        data = _parts_for(data, lang)

    def matches(block: Block) -> bool:
        unit, period, _ = block
        return (units is None or unit in units) and (periods is None or period in periods)

    def included(parts: dict[str, int]) -> dict[str, int]:
        """Of one (unit, period) block's language parts, which count (lang -> n)."""
        whole = sum(parts.values())
        if lang is None:
            return dict(parts) if whole >= min_group else {}
        part = parts.get(lang, 0)
        return {lang: part} if _safe(part, whole, min_group) else {}

    # Respondents.
    by_up: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for block, n in data["respondents"].items():
        if matches(block):
            by_up[block[:2]][block[2]] = n
    responses = left_out = 0
    for parts in by_up.values():
        kept = included(parts)
        responses += sum(kept.values())
        left_out += (parts.get(lang, 0) if lang else sum(parts.values())) - sum(kept.values())
    # Answers that came after a block's published state (see publish): not shown yet.
    for (unit, period), n in data.get("held_back", {}).items():
        if matches((unit, period, "")):
            left_out += n

    # Questions: one pass over the block counts, grouped by question (a results click
    # builds several views; each used to rescan everything once per question).
    parts_by_q: dict[str, dict[tuple[str, str], dict[str, int]]] = defaultdict(
        lambda: defaultdict(dict))
    for (block, question), n in _block_n(data, survey).items():
        if matches(block):
            parts_by_q[question][block[:2]][block[2]] = n
    counts_by_q: dict[str, list[tuple[Block, str, int]]] = defaultdict(list)
    for (block, question, value), count in data["counts"].items():
        counts_by_q[question].append((block, value, count))
    results = []
    kept: dict[str, frozenset[Block]] = {}
    for q in survey.questions:
        keep: set[Block] = set()
        n_total = 0
        for up, parts in parts_by_q.get(q.id, {}).items():
            for language, n in included(parts).items():
                keep.add((*up, language))
                n_total += n
        counts: dict[str, int] = defaultdict(int)
        if q.type != "text":
            values = set(answer_values(q))
            for block, value, count in counts_by_q.get(q.id, ()):
                if block in keep and value in values:
                    counts[value] += count
        full = {v: counts.get(v, 0) for v in answer_values(q)} if q.type != "text" else {}
        results.append(QuestionResult(q, n_total, full, suppressed=False))
        kept[q.id] = frozenset(keep)
    return View(responses, left_out, results, kept)


def shown_texts(view: View, free_texts: list[dict],
                moderation: dict[tuple[str, str, str], tuple[str, str]]) -> list[dict]:
    """The free texts others may see in ``view``: approved by staff (as approved: masked
    and possibly edited) and from blocks the view counts for that question (a comment
    goes with its question). Each: question, kind, text."""
    shown = []
    for item in free_texts:
        decision = moderation.get((item["response_id"], item["question"], item["kind"]))
        if not decision or decision[0] != "approved":
            continue
        kept = view.kept.get(item["question"], frozenset())
        if ((item["unit"], item["period"], item["lang"]) in kept
                or (item["unit"], item["period"], ALL) in kept):
            shown.append({"question": item["question"], "kind": item["kind"],
                          "text": decision[1]})
    return shown


# -- published states -------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """The block counts to show, in the shape of Store.block_counts, where each
    (unit, period) block has its all-languages state under the language ``ALL`` and
    its language parts under their codes (build_view uses the first for views of all
    languages, the second for a language's view); plus ``held_back``: (unit, period) ->
    answers not in the published state yet. ``changes`` are the publications to save:
    (unit, period, item) -> (n, state) or None to remove."""

    data: dict
    changes: dict


def _live_items(survey: Survey, live: dict) -> dict[tuple[str, str, str], dict]:
    """The live language parts of every (unit, period, item): {lang: {"n": n,
    "counts": {value: count}}}. Item '' is the respondents (no counts); text questions
    have no counts either: texts are never copied into a publication."""
    items: dict[tuple[str, str, str], dict] = defaultdict(dict)
    for (unit, period, lang), n in live["respondents"].items():
        items[(unit, period, "")][lang] = {"n": n, "counts": {}}
    types = {q.id: q.type for q in survey.questions}
    for ((unit, period, lang), question), n in _block_n(live, survey).items():
        if question in types:
            items[(unit, period, question)][lang] = {"n": n, "counts": {}}
    for ((unit, period, lang), question, value), count in live["counts"].items():
        if types.get(question) not in (None, "text"):
            part = items[(unit, period, question)].setdefault(lang, {"n": 0, "counts": {}})
            part["counts"][value] = count
    return items


def _total(parts: dict) -> dict:
    counts: dict[str, int] = defaultdict(int)
    for part in parts.values():
        for value, count in part["counts"].items():
            counts[value] += count
    return {"n": sum(p["n"] for p in parts.values()), "counts": dict(counts)}


def _steps_ok(old: dict, new: dict, min_group: int) -> bool:
    """Does every language part move by 0 or at least ``min_group`` people?"""
    for lang in set(old) | set(new):
        grown = new.get(lang, {"n": 0})["n"] - old.get(lang, {"n": 0})["n"]
        if grown < 0 or 0 < grown < min_group:
            return False
    return True


def publish(survey: Survey, live: dict, published: dict, min_group: int) -> Published:
    """What to show of each block, given the live counts (Store.block_counts) and the
    states published so far (Store.block_publications). Per (unit, period, item) a
    state holds the all-languages figures ``all`` and the language parts ``langs``:

    - no state yet: the live counts; they become the state once the item has
      ``min_group`` people (below that the views leave the block out anyway);
    - ``all`` moves to the live counts only when at least ``min_group`` more people
      are in the item; ``langs`` moves with it, and only when every language part
      moves by 0 or at least ``min_group`` (else it keeps an earlier ``all``'s parts);
    - fewer people than the state (answers were deleted): the live counts, published
      again if ``min_group`` or more.

    So any two states of an item ever shown, of all languages or of one, differ by 0
    or at least ``min_group`` people, and a language view (an earlier or the same
    state) subtracted from an all-languages view leaves 0 or ``min_group`` or more
    (issue 8: subtraction across time). Pure: the caller saves ``changes``."""
    items = _live_items(survey, live)
    changes: dict = {}
    shown: dict[tuple[str, str, str], dict] = {}
    for key, parts in items.items():
        now = {"all": _total(parts), "langs": parts}
        n = now["all"]["n"]
        old = published.get(key)
        state = old[1] if old else None
        if state is None:
            shown[key] = now
            if n >= min_group:
                changes[key] = (n, now)
        elif n < state["all"]["n"]:  # answers were deleted
            shown[key] = now
            changes[key] = (n, now) if n >= min_group else None
        elif n >= state["all"]["n"] + min_group:
            langs = parts if _steps_ok(state["langs"], parts, min_group) else state["langs"]
            shown[key] = {"all": now["all"], "langs": langs}
            changes[key] = (n, shown[key])
        else:
            shown[key] = state
    for key in published:
        if key not in items:  # the block is gone (its round was deleted)
            changes[key] = None
    data: dict = {"respondents": {}, "counts": {}, "answered": {},
                  "dates": live.get("dates", {}), "held_back": {}, "published": True}
    for (unit, period, item), state in shown.items():
        parts = {ALL: state["all"], **state["langs"]}
        if item == "":
            for lang, part in parts.items():
                data["respondents"][(unit, period, lang)] = part["n"]
            held = _total(items[(unit, period, item)])["n"] - state["all"]["n"]
            if held > 0:
                data["held_back"][(unit, period)] = held
            continue
        for lang, part in parts.items():
            data["answered"][((unit, period, lang), item)] = part["n"]
            for value, count in part["counts"].items():
                data["counts"][((unit, period, lang), item, value)] = count
    return Published(data, changes)


def published_counts(store, survey: Survey, min_group: int) -> dict:
    """The block counts every view, summary, report and export shows: the store's live
    counts moved on only in steps of ``min_group`` (see :func:`publish`); saves the new
    states in the store. ``store`` is a raati.store.Store."""
    from raati import config

    # Steps never smaller than the organisation's minimum group, whatever one caller
    # asks for (a report with --min-group 3 must not move the state in steps of 3).
    step = max(min_group, config.min_group())
    multi = [q.id for q in survey.questions if q.type == "multi"]
    texts = [q.id for q in survey.questions if q.type == "text"]
    live = store.block_counts(survey.id, multi, texts)
    result = publish(survey, live, store.block_publications(survey.id), step)
    store.save_block_publications(survey.id, result.changes)
    return result.data


def restrict_units(data: dict, units: Iterable[str] | None) -> dict:
    """Block counts of only these units (None = all): a person's own units, applied
    before anything is computed."""
    if units is None:
        return data
    units = set(units)
    return {
        **data,
        "respondents": {b: n for b, n in data["respondents"].items() if b[0] in units},
        "counts": {k: n for k, n in data["counts"].items() if k[0][0] in units},
        "answered": {k: n for k, n in data["answered"].items() if k[0][0] in units},
        "dates": {k: v for k, v in data.get("dates", {}).items() if k[0] in units},
        "held_back": {k: v for k, v in data.get("held_back", {}).items() if k[0] in units},
    }


def periods_of(data: dict) -> list[str]:
    return sorted({block[1] for block in data["respondents"]})


def languages_of(data: dict) -> list[str]:
    return sorted({block[2] for block in data["respondents"] if block[2] != ALL})

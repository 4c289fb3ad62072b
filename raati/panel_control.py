"""What staff do to a panel session from the app: each action checks that the user may
act on the session's unit (:func:`raati.auth.may_act_on_unit`), applies it through the
store (where the rules of :mod:`raati.panels` hold in one transaction) and writes the
audit log. No Streamlit here; the facilitator's page and the shared screen only draw.

The audit log says who did what to which session; it never names an idea's id next to
the time of day (dates only with anything clients wrote, as elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from raati import auth, config
from raati import panels as rules
from raati.panels import Idea, Panel, PanelError, Proposal
from raati.store import Round, Store, User
from raati.surveys import Survey


class NotYourUnit(PanelError):
    """The user may not act on this session's unit."""


def _own(store: Store, user: User, panel_id: int) -> Panel:
    panel = store.panel(panel_id)
    if panel is None:
        raise PanelError(f"panel: no session {panel_id}", "panel_not_found")
    if not auth.may_act_on_unit(user, panel.unit):
        raise NotYourUnit(f"panel {panel_id}: {user.name} may not act on unit {panel.unit}",
                          "no_access")
    return panel


def sessions_for(store: Store, user: User) -> list[Panel]:
    """The sessions ``user`` may run (:func:`raati.auth.unit_filter`): all for an admin,
    else those of their own units; newest first."""
    units = auth.unit_filter(user)
    return store.panels(units=units)


def open_session(store: Store, user: User, unit: str, title: str, **settings) -> Panel:
    """Open a session at ``unit`` (raati.store.PanelStore.open_panel ``settings``: votes,
    max per idea, moderation, prompts, themes, survey, round; ``new_unit``: create the
    unit, an admin's only) and log it. Raises NotYourUnit, PanelError or StoreError (an
    unknown unit without ``new_unit``: nothing stored)."""
    if not auth.may_act_on_unit(user, unit) or (
            settings.get("new_unit") and auth.unit_filter(user) is not None):
        raise NotYourUnit(f"{user.name} may not open a session at unit {unit}", "no_access")
    panel = store.open_panel(unit, title, **settings)
    store.audit(user.name, "panel", str(panel.id), f"open {unit}")
    return panel


# -- starting themes from a survey round (issue 12) --------------------------------------

THEMES_DEFAULT = 2  # weakest and strongest themes offered per round, each


class NoThemes(PanelError):
    """A round gives no starting themes: too few answers (the minimum group) or too few
    scale questions with enough answers to name a weakest and a strongest one."""


def theme_round(store: Store, unit: str, round_id: int) -> Round:
    """The survey round ``round_id`` whose themes a session at ``unit`` may start from.
    Raises PanelError (key ``panel_round_not_found``) when there is no such round and
    PanelError (key ``panel_round_other_unit``) when it is a round of another unit: a
    session starts only from its own unit's results."""
    rnd = store.round_by_id(round_id)
    if rnd is None:
        raise PanelError(f"no round {round_id} (see raati round list)",
                         "panel_round_not_found", id=round_id)
    if rnd.unit != unit:
        raise PanelError(f"round {round_id} is a round of unit {rnd.unit}, not of {unit}",
                         "panel_round_other_unit", id=round_id)
    return rnd


def round_themes(survey: Survey, data: dict, rnd: Round, k: int = THEMES_DEFAULT,
                 min_group: int | None = None) -> list[dict]:
    """The ``k`` weakest and ``k`` strongest scale (likert) themes of one round, as the
    results page shows them for that round: the view of the round's block (its unit,
    period ``r<id>``, all languages) by :func:`analysis.views.build_view`, ranked by
    :func:`analysis.likert.themes` (share of 3–4; at most half of the shown questions on
    each side, none in both). ``data`` is the survey's published block counts
    (:func:`analysis.views.published_counts`, in the app ``raati.ui.block_counts``).

    Returns the weakest first, then the strongest: each ``{"question": id, "text": the
    question's plain-language (``easy``) text in Finnish, else its text (the survey's
    default language when it has no Finnish), "kind": "weak" | "strong", "share_low":
    share answering 1–2 (0..1, 3 decimals, rounded half up), "n": answers}``.

    The minimum-group rule (contract §4, ``analysis.views``; ``min_group`` default
    :func:`raati.config.min_group`, 5): a round with fewer than ``min_group`` counted
    answers, or a question with fewer, gives nothing. Raises NoThemes (key
    ``panel_themes_too_small`` or ``panel_themes_none``) when no theme is left, ValueError
    when ``rnd`` is a round of another survey."""
    from fractions import Fraction

    from analysis.likert import themes
    from analysis.summary import round_half_up
    from analysis.views import build_view

    if rnd.survey != survey.id:
        raise ValueError(f"round {rnd.id} is of survey {rnd.survey}, not {survey.id}")
    k_min = config.min_group() if min_group is None else min_group
    view = build_view(survey, data, k_min, units=[rnd.unit], periods=[f"r{rnd.id}"])
    if view.responses < k_min:  # 0: the round's block is under the minimum group
        raise NoThemes(f"round {rnd.id} has fewer than {k_min} answers counted (the minimum"
                       " group), so it gives no themes", "panel_themes_too_small", k=k_min)
    weakest, strongest = themes([r for r in view.results if r.question.type == "likert"], k)
    if not weakest:
        raise NoThemes(f"round {rnd.id} has too few scale questions with at least {k_min}"
                       " answers to name the weakest and strongest", "panel_themes_none",
                       k=k_min)

    def entry(r, kind: str) -> dict:
        q = r.question
        return {"question": q.id, "text": survey.text(q.easy or q.text, "fi"), "kind": kind,
                "share_low": round_half_up(Fraction(r.share_low.k, r.share_low.n), 3),
                "n": r.n}

    return [entry(r, "weak") for r in weakest] + [entry(r, "strong") for r in strongest]


def themes_of_round(store: Store, survey: Survey, rnd: Round, k: int = THEMES_DEFAULT,
                    min_group: int | None = None) -> list[dict]:
    """:func:`round_themes` over the store's published block counts (read, and their
    published states moved on as every results view does). Raises as round_themes."""
    from analysis.views import published_counts

    k_min = config.min_group() if min_group is None else min_group
    return round_themes(survey, published_counts(store, survey, k_min), rnd, k, k_min)


def move_phase(store: Store, user: User, panel_id: int, phase: str) -> Panel:
    """Move the session to ``phase`` (closing forgets the devices) and log it."""
    _own(store, user, panel_id)
    panel = store.set_panel_phase(panel_id, phase)
    store.audit(user.name, "panel", str(panel_id), f"phase {phase}")
    return panel


def moderate(store: Store, user: User, idea_id: int, status: str, *, text: str | None = None,
             expect: str | None = None) -> Idea:
    """Approve, hide or return to waiting an idea (with staff's edited ``text``, e.g. the
    masked suggestion) if it is still in state ``expect``; logged without the idea's id.
    Raises PanelError (gone, changed meanwhile), NotYourUnit, TextTooLong."""
    idea = store.idea(idea_id)
    if idea is None:
        raise PanelError(f"idea: no idea {idea_id}", "panel_idea_not_found")
    _own(store, user, idea.panel_id)
    done = store.moderate_idea(idea_id, status, text=text, expect=expect)
    edited = " (edited)" if text is not None and text != idea.text else ""
    store.audit(user.name, "panel", str(idea.panel_id), f"idea {status}{edited}")
    return done


def approve_all(store: Store, user: User, panel_id: int, ids: Iterable[int] | None = None,
                suggest: Callable[[str], str] | None = None) -> int:
    """Approve the waiting ideas (only ``ids`` of them, the ones shown, if given), each
    as ``suggest`` makes it (the masked suggestion shown on its card); logged with how
    many. Returns how many."""
    _own(store, user, panel_id)
    n = store.approve_waiting_ideas(panel_id, ids, suggest=suggest)
    store.audit(user.name, "panel", str(panel_id), f"approved {n} waiting ideas")
    return n


def add_idea(store: Store, user: User, panel_id: int, text: str) -> Idea:
    """An idea said aloud or written on paper, approved at once; logged."""
    _own(store, user, panel_id)
    idea = store.add_idea(panel_id, text)
    store.audit(user.name, "panel", str(panel_id), "idea added by staff")
    return idea


def group(store: Store, user: User, panel_id: int, idea_ids: Iterable[int],
          name: str | None) -> int:
    """Give ideas of the session a group label (None: take them out of their group)."""
    _own(store, user, panel_id)
    ids = list(idea_ids)
    ideas = {i.id for i in store.ideas(panel_id)}
    if any(i not in ideas for i in ids):
        raise PanelError("group: an idea is not of this session", "panel_idea_not_found")
    n = store.group_ideas(ids, name)
    store.audit(user.name, "panel", str(panel_id), f"grouped {n} ideas")
    return n


def add_proposal(store: Store, user: User, panel_id: int, text: str,
                 idea_ids: Iterable[int]) -> Proposal:
    """A proposal in plain language from approved ideas of the session; logged."""
    _own(store, user, panel_id)
    proposal = store.add_proposal(panel_id, text, idea_ids)
    store.audit(user.name, "panel", str(panel_id), f"proposal {proposal.id} added")
    return proposal


def delete_proposal(store: Store, user: User, panel_id: int, proposal_id: int) -> None:
    """Delete a proposal of the session and log it. Refused (nothing deleted) once the
    session is closed (WrongPhase, key ``panel_proposal_closed``) and when actions were
    recorded from it (PanelError, key ``panel_proposal_has_actions``): the rules are
    raati.store.PanelStore.delete_proposal's. Raises NotYourUnit, PanelError."""
    _own(store, user, panel_id)
    if proposal_id not in {p.id for p in store.proposals(panel_id)}:
        raise PanelError(f"proposal: no proposal {proposal_id} in session {panel_id}",
                         "panel_proposal_not_found")
    store.delete_proposal(proposal_id)
    store.audit(user.name, "panel", str(panel_id), f"proposal {proposal_id} deleted")


def delete_session(store: Store, user: User, panel_id: int) -> None:
    """Delete a session with its ideas and proposals; logged."""
    panel = _own(store, user, panel_id)
    store.delete_panel(panel_id)
    store.audit(user.name, "panel", str(panel_id), f"deleted ({panel.unit})")


EXPORT_FORMATS = ("json", "csv", "excel-csv")


def export_outcome(store: Store, panel: Panel, fmt: str) -> bytes:
    """The session's outcome (:func:`raati.panels.outcome`, contract §5) as a file, read
    when asked: ``json`` (UTF-8, indented), ``csv`` or ``excel-csv`` (``;``, a BOM and
    formula protection, :func:`raati.transfer.write_csv`) with the columns
    OUTCOME_CSV_COLUMNS. The one export of the app and ``raati panel export``. Raises
    ValueError for another format."""
    import io
    import json

    from raati.transfer import write_csv

    data = rules.outcome(panel, store.ideas(panel.id), store.proposals(panel.id))
    if fmt == "json":
        return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"format: '{fmt}' is not one of {', '.join(EXPORT_FORMATS)}")
    buf = io.BytesIO()
    write_csv([list(rules.OUTCOME_CSV_COLUMNS), *rules.outcome_rows(data)], buf,
              excel=fmt == "excel-csv")
    return buf.getvalue()


def set_options(store: Store, user: User, panel_id: int, *, results_public: bool | None = None,
                text_retention_days: int | None | object = ...) -> Panel:
    """Change a session's options (raati.store.PanelStore.set_panel_options): whether its
    join code shows the ideas and dots after close, and how many days after close its idea
    texts are kept (None: until deleted; ``...``: unchanged). Checks the unit and logs the
    change (audit ``panel`` or ``retention_set``). Raises NotYourUnit or PanelError."""
    panel = _own(store, user, panel_id)
    changes = {}
    if results_public is not None and results_public != panel.results_public:
        changes["results_public"] = results_public
    if text_retention_days is not ... and text_retention_days != panel.text_retention_days:
        changes["text_retention_days"] = text_retention_days
    if not changes:
        return panel
    panel = store.set_panel_options(panel_id, **changes)
    if "results_public" in changes:
        store.audit(user.name, "panel", str(panel_id),
                    "results shown after close" if results_public else "results kept to staff")
    if "text_retention_days" in changes:
        days = changes["text_retention_days"]
        store.audit(user.name, "retention_set", f"panel {panel_id}",
                    f"idea texts kept {days} days after closing" if days is not None
                    else "no retention rule")
    return panel

"""Client panel sessions (contract §5, issue 12): the rules of raati.panels and how the
store applies them — phases, limits, un-vote, close; the dot limit under a burst of taps
from one device; and that nothing links an idea or a vote to a device after close."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from _helpers import raw_rows

from raati import panels
from raati.panels import (
    CODE_ALPHABET,
    DeviceState,
    DotLimit,
    Idea,
    PanelError,
    WrongPhase,
    check_dot,
    check_idea_text,
    check_phase_move,
    check_settings,
    device_key,
    new_device_token,
    new_join_code,
    normalise_join_code,
    outcome,
    outcome_rows,
    ranked,
)
from raati.responses import TextTooLong
from raati.store import Store

TODAY = "2027-03-04"


def device() -> str:
    return device_key(new_device_token())


@pytest.fixture
def store(store) -> Store:
    """A fresh store (on each backend) with the unit the sessions here are opened at."""
    store.ensure_unit("puupaja")
    return store


def open_panel(store: Store, **kw):
    kw.setdefault("today", TODAY)
    store.ensure_unit("puupaja")  # (for the tests' own stores too)
    return store.open_panel("puupaja", "Mitä muutetaan syksyllä?", **kw)


def voting_panel(store: Store, n_ideas: int = 3, **kw):
    """A session in phase voting with ``n_ideas`` staff ideas (approved)."""
    panel = open_panel(store, **kw)
    ideas = [store.add_idea(panel.id, f"Idea {i}") for i in range(n_ideas)]
    store.set_panel_phase(panel.id, "voting")
    return panel, ideas


# -- join code -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["abc2de", "ABC2DE", " abc 2de ", "abc-2de", "ABC-2DE\n",
                                   "a b c 2 d e", "ab.c2.de"])
def test_join_code_normalised(typed):
    assert normalise_join_code(typed) == "ABC2DE"


@pytest.mark.parametrize("typed", ["", "abc2d", "abc2def", "ABC0DE", "ABCODE", "ABC1DE",
                                   "ABCIDE", "ÄBC2DE", "ABC2D!", None, 123456, b"ABC2DE"])
def test_join_code_refused(typed):
    assert normalise_join_code(typed) is None


def test_new_codes_from_the_alphabet():
    codes = {new_join_code() for _ in range(200)}
    assert len(codes) > 190  # random
    for code in codes:
        assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
        assert normalise_join_code(code.lower()) == code
    assert not set("01IO") & set(CODE_ALPHABET)


def test_device_key_is_a_hash_of_the_token():
    token = new_device_token()
    assert len(token) >= 20 and new_device_token() != token
    key = device_key(token)
    assert re.fullmatch(r"[0-9a-f]{64}", key) and token not in key
    assert device_key(token) == key


def test_store_finds_session_by_code(store):
    panel = open_panel(store)
    assert panel.phase == "ideas" and panel.opened == TODAY and panel.participants == 0
    assert normalise_join_code(panel.code) == panel.code
    assert store.panel_by_code(normalise_join_code(panel.code.lower())) == panel
    assert store.panel_by_code("AAAAAA" if panel.code != "AAAAAA" else "BBBBBB") is None
    other = open_panel(store)
    assert other.code != panel.code


# -- phases and settings ---------------------------------------------------------------


def test_phase_moves():
    for current in ("ideas", "voting", "results"):
        for new in panels.PHASES:
            check_phase_move(current, new)  # forward and back, all allowed
    check_phase_move("closed", "closed")
    for new in ("ideas", "voting", "results"):
        with pytest.raises(WrongPhase) as exc:
            check_phase_move("closed", new)
        assert exc.value.key == "panel_closed"
    with pytest.raises(PanelError):
        check_phase_move("ideas", "done")


def test_store_phase_moves(store):
    panel = open_panel(store)
    assert store.set_panel_phase(panel.id, "voting").phase == "voting"
    assert store.set_panel_phase(panel.id, "ideas").phase == "ideas"
    closed = store.set_panel_phase(panel.id, "closed", today="2027-03-05")
    assert (closed.phase, closed.closed) == ("closed", "2027-03-05")
    with pytest.raises(WrongPhase):
        store.set_panel_phase(panel.id, "voting")
    assert store.panel(panel.id).phase == "closed"
    with pytest.raises(PanelError) as exc:
        store.set_panel_phase(9999, "voting")
    assert exc.value.key == "panel_not_found"


@pytest.mark.parametrize("votes, per_idea, moderation", [
    (0, 1, "pre"), (21, 1, "pre"), (3, 0, "pre"), (3, 4, "pre"), (3, 1, "none"),
    ("3", 1, "pre"), (3, 1.0, "pre"),
])
def test_bad_settings_refused(store, votes, per_idea, moderation):
    with pytest.raises(PanelError):
        check_settings(votes, per_idea, moderation)
    with pytest.raises(PanelError):
        open_panel(store, votes_per_person=votes, max_per_idea=per_idea, moderation=moderation)
    assert store.panels() == []


def test_good_settings_and_defaults(store):
    check_settings(1, 1, "post")
    check_settings(20, 20, "pre")
    panel = open_panel(store)
    assert (panel.votes_per_person, panel.max_per_idea, panel.moderation) == (3, 1, "pre")


@pytest.mark.parametrize("title", ["", "   ", "\x00\x07", "x" * 121, None])
def test_bad_title_refused(store, title):
    with pytest.raises(PanelError):
        store.open_panel("puupaja", title)


def test_title_cleaned(store):
    panel = store.open_panel("puupaja", "  Mitä\u00a0 muutetaan\n kevään   aikana?\x07 ")
    assert panel.title == "Mitä muutetaan kevään aikana?"


# -- ideas -----------------------------------------------------------------------------


def test_idea_text_limits():
    assert check_idea_text("x" * 280) == "x" * 280
    with pytest.raises(TextTooLong) as exc:
        check_idea_text("x" * 281)
    assert (exc.value.length, exc.value.max_length) == (281, 280)
    assert str(exc.value).startswith("idea: ")
    for empty in ("", "   \n ", "\x00\x1b", None):
        with pytest.raises(PanelError) as exc2:
            check_idea_text(empty)
        assert exc2.value.key == "panel_idea_empty"
    # invisible control characters dropped, NFC, trimmed; the line break kept
    assert check_idea_text(" Pidempi\x00 kahvi\u200btauko\x1b\r\nkiitos \ufeff") == \
        "Pidempi kahvi\u200btauko\nkiitos"
    assert check_idea_text("Cafe\u0301") == "Café"
    # counted after cleaning: 280 visible characters and control junk is not too long
    assert check_idea_text("y" * 280 + "\x00" * 10) == "y" * 280


def test_too_long_idea_refused_whole(store):
    panel = open_panel(store)
    with pytest.raises(TextTooLong):
        store.add_idea(panel.id, "x" * 281, device=device())
    assert store.ideas(panel.id) == []
    assert store.panel(panel.id).participants == 0  # nothing written at all


def test_pre_moderation_waits_post_shows(store):
    pre = open_panel(store)
    post = open_panel(store, moderation="post")
    dev = device()
    waiting = store.add_idea(pre.id, "Enemmän retkiä", device=dev)
    shown = store.add_idea(post.id, "Enemmän retkiä", device=dev)
    assert (waiting.status, waiting.shown, waiting.source) == ("waiting", None, "client")
    assert (shown.status, shown.shown, shown.source) == ("approved", 1, "client")
    assert 100_000 <= waiting.id <= 999_999
    assert store.device_state(pre.id, dev).ideas == (waiting.id,)
    assert store.panel(pre.id).participants == 1
    assert store.panel_texts_count(pre.id) == {"waiting": 1}


def test_staff_ideas_approved_at_once_while_ideas_and_votes_are_taken(store):
    panel = open_panel(store)  # pre-moderation
    first = store.add_idea(panel.id, "Pidempi kahvitauko")
    assert (first.status, first.source, first.shown) == ("approved", "staff", 1)
    store.set_panel_phase(panel.id, "voting")
    assert store.add_idea(panel.id, "Paperilta äänestäessä").status == "approved"
    assert [i.shown for i in store.ideas(panel.id)] == [1, 2]
    assert store.panel(panel.id).participants == 0  # staff is not a participant
    for phase in ("results", "closed"):  # the results are being shown, or final
        store.set_panel_phase(panel.id, phase)
        with pytest.raises(WrongPhase):
            store.add_idea(panel.id, "Liian myöhään")
    assert len(store.ideas(panel.id)) == 2


@pytest.mark.parametrize("phase", ["voting", "results", "closed"])
def test_device_ideas_only_in_ideas_phase(store, phase):
    panel = open_panel(store)
    store.set_panel_phase(panel.id, phase)
    with pytest.raises(WrongPhase) as exc:
        store.add_idea(panel.id, "Myöhäinen idea", device=device())
    assert exc.value.key == ("panel_closed" if phase == "closed" else "panel_no_more_ideas")
    assert str(exc.value)  # a sentence for people
    assert store.ideas(panel.id) == []


def test_moderation_and_order_shown(store):
    panel = open_panel(store)
    dev = device()
    a, b, c = (store.add_idea(panel.id, t, device=dev) for t in ("A", "B", "C"))
    assert store.moderate_idea(c.id, "approved").shown == 1
    assert store.moderate_idea(a.id, "hidden").status == "hidden"
    with pytest.raises(PanelError) as exc:  # a stale second click
        store.moderate_idea(a.id, "approved", expect="waiting")
    assert exc.value.key == "panel_idea_changed"
    masked = store.moderate_idea(b.id, "approved", text="Soita numeroon [puhelinnumero]",
                                 expect="waiting")
    assert (masked.text, masked.shown) == ("Soita numeroon [puhelinnumero]", 2)
    assert [i.id for i in store.ideas(panel.id, ["approved"])] == [c.id, b.id]
    with pytest.raises(PanelError):
        store.moderate_idea(c.id, "deleted")
    with pytest.raises(TextTooLong):
        store.moderate_idea(c.id, "approved", text="x" * 281)
    with pytest.raises(PanelError) as exc:
        store.moderate_idea(1, "approved")
    assert exc.value.key == "panel_idea_not_found"


def test_approve_all_waiting(store):
    panel = open_panel(store)
    staff = store.add_idea(panel.id, "Henkilökunnan idea")
    ids = [store.add_idea(panel.id, f"Idea {i}", device=device()).id for i in range(4)]
    assert store.approve_waiting_ideas(panel.id, ids[:1]) == 1
    assert store.approve_waiting_ideas(panel.id) == 3
    assert store.approve_waiting_ideas(panel.id) == 0
    shown = [i.shown for i in store.ideas(panel.id)]
    assert shown == [1, 2, 3, 4, 5] and store.ideas(panel.id)[0].id == staff.id


def test_group_ideas(store):
    panel = open_panel(store)
    other = open_panel(store)
    a, b = store.add_idea(panel.id, "Pidempi tauko"), store.add_idea(panel.id, "Tauot")
    x = store.add_idea(other.id, "Muu")
    assert store.group_ideas([a.id, b.id], " tauot ") == 2
    assert {store.idea(a.id).group, store.idea(b.id).group} == {"tauot"}
    with pytest.raises(PanelError):
        store.group_ideas([a.id, x.id], "sekaisin")
    with pytest.raises(PanelError):
        store.group_ideas([a.id, 1], "puuttuu")
    assert store.group_ideas([a.id], "") == 1 and store.idea(a.id).group is None


def test_a_closed_sessions_groups_are_final_but_proposals_may_still_be_written(store):
    panel = open_panel(store)
    a, b = store.add_idea(panel.id, "Pidempi tauko"), store.add_idea(panel.id, "Tauot")
    store.group_ideas([a.id], "tauot")
    store.set_panel_phase(panel.id, "voting")
    store.set_panel_phase(panel.id, "results")
    store.set_panel_phase(panel.id, "closed")
    with pytest.raises(WrongPhase) as refused:
        store.group_ideas([a.id, b.id], "kaikki")
    assert refused.value.key == "panel_closed"
    with pytest.raises(WrongPhase):
        store.group_ideas([a.id], None)  # nor taken apart
    assert [(i.id, i.group) for i in store.ideas(panel.id)] == [(a.id, "tauot"), (b.id, None)]
    # Proposals are written up after the meeting: still allowed, but once written they
    # are final like the ideas (the public page and actions may point at them).
    proposal = store.add_proposal(panel.id, "Tauot pidemmiksi", [a.id])
    with pytest.raises(WrongPhase) as refused:
        store.delete_proposal(proposal.id)
    assert refused.value.key == "panel_proposal_closed"
    assert [p.id for p in store.proposals(panel.id)] == [proposal.id]


def test_a_groups_members_stand_for_it_as_a_proposals_source(store):
    panel = open_panel(store)
    a, b, c = (store.add_idea(panel.id, text) for text in ("Tauot", "Kahvi", "Retki"))
    store.group_ideas([a.id, b.id], "tauot")
    store.set_panel_phase(panel.id, "voting")
    for n, idea in enumerate((a, b, b, c)):
        store.add_dot(panel.id, panels.device_key(f"d{n}"), idea.id)
    ideas = store.ideas(panel.id)
    assert panels.group_members(ideas, ["tauot"]) == sorted([a.id, b.id])
    assert panels.group_members(ideas, []) == []
    proposal = store.add_proposal(panel.id, "Tauot pidemmiksi",
                                  panels.group_members(ideas, ["tauot"]))
    [(group, _, dots)] = [e for e in panels.ranked(ideas) if e[0] == "tauot"]
    assert proposal.votes == dots == 3



# -- dots ------------------------------------------------------------------------------


def test_check_dot_rule():
    panel = panels.Panel(1, "u", "t", "ABCDEF", "voting", 3, 2, "pre", TODAY, None, 0)
    check_dot(DeviceState(), 5, panel)
    check_dot(DeviceState(dots={5: 1, 6: 1}), 5, panel)
    with pytest.raises(DotLimit) as exc:
        check_dot(DeviceState(dots={5: 2}), 5, panel)
    assert (exc.value.key, exc.value.values) == ("panel_idea_full", {"k": 2})
    with pytest.raises(DotLimit) as exc:
        check_dot(DeviceState(dots={5: 1, 6: 2}), 7, panel)
    assert (exc.value.key, exc.value.values) == ("panel_no_dots_left", {"n": 3})
    for phase in ("ideas", "results", "closed"):
        with pytest.raises(WrongPhase) as exc:
            check_dot(DeviceState(), 5, panels.Panel(1, "u", "t", "ABCDEF", phase, 3, 2,
                                                      "pre", TODAY, None, 0))
        assert exc.value.key == "panel_not_voting"


def test_dot_limits_per_person_and_per_idea(store):
    panel, ideas = voting_panel(store, 4, votes_per_person=3, max_per_idea=2)
    dev = device()
    assert store.add_dot(panel.id, dev, ideas[0].id).dots == {ideas[0].id: 1}
    assert store.add_dot(panel.id, dev, ideas[0].id).dots == {ideas[0].id: 2}
    with pytest.raises(DotLimit):
        store.add_dot(panel.id, dev, ideas[0].id)  # at most 2 on one idea
    state = store.add_dot(panel.id, dev, ideas[1].id)
    assert state.dots_used() == 3
    with pytest.raises(DotLimit):
        store.add_dot(panel.id, dev, ideas[2].id)  # all 3 used
    assert [i.votes for i in store.ideas(panel.id)] == [2, 1, 0, 0]
    # another device has its own dots
    other = device()
    store.add_dot(panel.id, other, ideas[2].id)
    assert store.idea(ideas[2].id).votes == 1
    assert store.panel(panel.id).participants == 2 and store.panel_voters(panel.id) == 2


def test_unvote_frees_a_dot(store):
    panel, ideas = voting_panel(store, 3, votes_per_person=2, max_per_idea=1)
    dev = device()
    store.add_dot(panel.id, dev, ideas[0].id)
    store.add_dot(panel.id, dev, ideas[1].id)
    with pytest.raises(DotLimit):
        store.add_dot(panel.id, dev, ideas[2].id)
    state = store.remove_dot(panel.id, dev, ideas[0].id)
    assert state.dots == {ideas[1].id: 1}
    assert store.idea(ideas[0].id).votes == 0
    assert store.remove_dot(panel.id, dev, ideas[0].id).dots == {ideas[1].id: 1}  # no-op
    assert store.idea(ideas[0].id).votes == 0  # never below what was given
    assert store.add_dot(panel.id, dev, ideas[2].id).dots_used() == 2
    assert [i.votes for i in store.ideas(panel.id)] == [0, 1, 1]


@pytest.mark.parametrize("phase", ["ideas", "results", "closed"])
def test_votes_outside_voting_refused(store, phase):
    panel, ideas = voting_panel(store, 2)
    dev = device()
    store.add_dot(panel.id, dev, ideas[0].id)
    store.set_panel_phase(panel.id, phase)
    for action in (store.add_dot, store.remove_dot):
        with pytest.raises(WrongPhase) as exc:
            action(panel.id, dev, ideas[1].id)
        assert exc.value.key == "panel_not_voting"
        assert "voting is not open" in str(exc.value)
    assert store.idea(ideas[0].id).votes == 1 and store.idea(ideas[1].id).votes == 0


def test_hidden_idea_loses_its_dots(store):
    panel, ideas = voting_panel(store, 2, votes_per_person=2, max_per_idea=2)
    dev, other = device(), device()
    store.add_dot(panel.id, dev, ideas[0].id)
    store.add_dot(panel.id, dev, ideas[0].id)
    store.add_dot(panel.id, other, ideas[0].id)
    hidden = store.moderate_idea(ideas[0].id, "hidden")
    assert hidden.votes == 0
    assert store.device_state(panel.id, dev).dots == {}
    # the device's dots are free again
    assert store.add_dot(panel.id, dev, ideas[1].id).dots_used() == 1
    assert store.add_dot(panel.id, dev, ideas[1].id).dots_used() == 2
    # approving it again does not bring the dots back
    assert store.moderate_idea(ideas[0].id, "approved").votes == 0


def test_idea_taken_back_to_waiting_loses_its_dots(store):
    panel, ideas = voting_panel(store, 1, votes_per_person=1)
    dev = device()
    store.add_dot(panel.id, dev, ideas[0].id)
    assert store.moderate_idea(ideas[0].id, "waiting").votes == 0
    # the dot is not stuck on an idea the device no longer sees
    assert store.device_state(panel.id, dev).dots == {}


def test_vote_on_waiting_hidden_or_other_sessions_idea_refused(store):
    panel = open_panel(store)
    other = open_panel(store)
    waiting = store.add_idea(panel.id, "Odottaa", device=device())
    hidden = store.add_idea(panel.id, "Piilossa")
    store.moderate_idea(hidden.id, "hidden")
    elsewhere = store.add_idea(other.id, "Toisen istunnon")
    for pid in (panel.id, other.id):
        store.set_panel_phase(pid, "voting")
    dev = device()
    for idea_id in (waiting.id, hidden.id, elsewhere.id, 123):
        with pytest.raises(PanelError) as exc:
            store.add_dot(panel.id, dev, idea_id)
        assert exc.value.key == "panel_idea_not_found"
    assert store.device_state(panel.id, dev).dots == {}
    assert all(i.votes == 0 for i in store.ideas(panel.id) + store.ideas(other.id))
    with pytest.raises(PanelError):
        store.add_dot(9999, dev, elsewhere.id)


def test_join_counts_a_device_once(store):
    panel = open_panel(store)
    dev = device()
    assert store.join_panel(panel.id, dev) is True
    assert store.join_panel(panel.id, dev) is False
    store.add_idea(panel.id, "Idea", device=dev)
    assert store.panel(panel.id).participants == 1
    store.set_panel_phase(panel.id, "closed")
    with pytest.raises(WrongPhase):
        store.join_panel(panel.id, device())


# -- a burst of taps from one device -----------------------------------------------------


def _tally(store, panel_id):
    votes = dict(raw_rows(store, "SELECT id, votes FROM panel_ideas WHERE panel_id = ?",
                          [panel_id]))
    dots = raw_rows(store, "SELECT idea_id, dots FROM panel_votes WHERE panel_id = ?",
                    [panel_id])
    return votes, dots


def test_burst_of_taps_from_one_device_keeps_the_limit(store):
    path = store.target
    panel, ideas = voting_panel(store, 4, votes_per_person=3, max_per_idea=2)
    dev = device()
    n = 20
    barrier = threading.Barrier(n)
    placed, refused, errors = [], [], []

    def tap(i):
        tab = Store(path)  # each tap its own Store, as each tab/rerun of the app
        barrier.wait()
        try:
            tab.add_dot(panel.id, dev, ideas[i % len(ideas)].id)
            placed.append(i)
        except DotLimit:
            refused.append(i)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=tap, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert (len(placed), len(refused)) == (3, n - 3)
    state = store.device_state(panel.id, dev)
    assert state.dots_used() == 3 and max(state.dots.values()) <= 2
    votes, dots = _tally(store, panel.id)
    assert sum(votes.values()) == 3 == sum(d for _, d in dots)
    assert {i: d for i, d in dots} == {i: v for i, v in votes.items() if v}
    assert store.panel(panel.id).participants == 1


def test_two_tabs_tapping_and_taking_back(store):
    """Adds and take-backs at once from two tabs of one device: the tallies stay equal
    to the device's dots and never over its limit."""
    path = store.target
    panel, ideas = voting_panel(store, 3, votes_per_person=2, max_per_idea=1)
    dev = device()
    barrier = threading.Barrier(2)
    errors = []

    def tab(seed):
        own = Store(path)
        barrier.wait()
        for k in range(30):
            idea = ideas[(k + seed) % 3].id
            try:
                if (k + seed) % 4 == 3:
                    own.remove_dot(panel.id, dev, idea)
                else:
                    state = own.add_dot(panel.id, dev, idea)
                    assert state.dots_used() <= 2
            except DotLimit:
                pass
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

    threads = [threading.Thread(target=tab, args=(s,)) for s in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    votes, dots = _tally(store, panel.id)
    assert sum(d for _, d in dots) <= 2
    assert all(d == 1 for _, d in dots)
    assert {i: d for i, d in dots} == {i: v for i, v in votes.items() if v}


REPO_ROOT = Path(__file__).resolve().parent.parent
_TAP_SCRIPT = """
import sys, time
from pathlib import Path
from raati.panels import DotLimit
from raati.store import Store
path, panel_id, dev, ideas, go = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
ideas = [int(i) for i in ideas.split(",")]
store = Store(path)
print("ready", flush=True)
while not Path(go).exists():  # all processes start their taps together
    time.sleep(0.005)
ok = 0
for k in range(5):
    try:
        store.add_dot(panel_id, dev, ideas[k % len(ideas)])
        ok += 1
    except DotLimit:
        pass
print(ok, flush=True)
"""


def test_burst_from_several_processes_keeps_the_limit(store, tmp_path):
    """Several app processes on one database: the database's own lock (SQLite's BEGIN
    IMMEDIATE, PostgreSQL's advisory lock) keeps the limit, not only the in-process
    writer lock. (Separate interpreters started with subprocess, not multiprocessing:
    its spawn would run whatever __main__ an earlier AppTest left behind.)"""
    path = store.target.path or store.target.conninfo
    panel, ideas = voting_panel(store, 3, votes_per_person=3, max_per_idea=1)
    dev = device()
    go = tmp_path / "go"
    procs = [subprocess.Popen(
        [sys.executable, "-c", _TAP_SCRIPT, str(path), str(panel.id), dev,
         ",".join(str(i.id) for i in ideas), str(go)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=str(REPO_ROOT))
        for _ in range(4)]
    for p in procs:  # each has opened the database and waits for the start
        assert p.stdout.readline().strip() == "ready", p.stderr.read()
    go.touch()
    placed = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        placed.append(int(out.strip()))
    assert sum(placed) == 3
    votes, dots = _tally(store, panel.id)
    assert sorted(votes.values()) == [1, 1, 1] and sum(d for _, d in dots) == 3


# -- privacy: close forgets the devices ----------------------------------------------------


def _tables(store) -> list[str]:
    """The names of the database's tables."""
    if store.is_postgres:
        sql = ("SELECT table_name FROM information_schema.tables WHERE table_schema ="
               " current_schema() AND table_type = 'BASE TABLE'")
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
    return [r[0] for r in raw_rows(store, sql)]


def _columns(store, table: str) -> list[str]:
    """The names of a table's columns, in order."""
    if store.is_postgres:
        return [r[0] for r in raw_rows(
            store, "SELECT column_name FROM information_schema.columns WHERE table_schema ="
            " current_schema() AND table_name = ? ORDER BY ordinal_position", [table])]
    return [r[1] for r in raw_rows(store, f'PRAGMA table_info("{table}")')]


def _text_values(store):
    """Every text value of every table of the database, as (table, column, value)."""
    out = []
    for table in _tables(store):
        cols = _columns(store, table)
        for row in raw_rows(store, f'SELECT * FROM "{table}"'):
            out += [(table, c, v) for c, v in zip(cols, row, strict=True)
                    if isinstance(v, (str, bytes))]
    return out


def test_close_forgets_every_device(store):
    panel = open_panel(store, moderation="post", votes_per_person=2, max_per_idea=1)
    keep = open_panel(store)  # another session, still open: its devices stay
    tokens = [new_device_token() for _ in range(3)]
    keys = [device_key(t) for t in tokens]
    ideas = [store.add_idea(panel.id, f"Idea laitteelta {i}", device=k)
             for i, k in enumerate(keys)]
    store.add_idea(keep.id, "Toinen istunto", device=keys[0])
    store.set_panel_phase(panel.id, "voting")
    for k in keys:
        store.add_dot(panel.id, k, ideas[0].id)
    store.add_dot(panel.id, keys[1], ideas[2].id)
    store.join_panel(panel.id, device())  # joined, never voted
    before = store.panel(panel.id).participants
    assert before == 4
    assert any(keys[0] == v for _, _, v in _text_values(store))  # the test sees keys

    store.set_panel_phase(panel.id, "closed")

    for table in ("panel_votes", "panel_devices", "panel_idea_authors"):
        assert raw_rows(store, f"SELECT count(*) FROM {table} WHERE panel_id = ?",
                        [panel.id]) == [(0,)], table
        # nothing else in these tables: the open session's own rows only
        assert {r[0] for r in raw_rows(store, f"SELECT DISTINCT panel_id FROM {table}")} \
            <= {keep.id}
    # the idea table has no column that could name a device
    cols = set(_columns(store, "panel_ideas"))
    assert cols == {"id", "panel_id", "text", "status", "source", "grp", "shown", "votes"}
    # the other session's device (keys[0]) is still there, for that session only
    store.set_panel_phase(keep.id, "closed")
    for table, column, value in _text_values(store):
        text = value.decode("latin-1") if isinstance(value, bytes) else value
        for secret in keys + tokens:
            assert secret not in text, (table, column)
    # the counts stay
    closed = store.panel(panel.id)
    assert closed.participants == before
    assert {i.id: i.votes for i in store.ideas(panel.id)} == {
        ideas[0].id: 3, ideas[1].id: 0, ideas[2].id: 1}
    assert store.device_state(panel.id, keys[1]) == DeviceState()
    assert store.panel_voters(panel.id) == 0
    # and no stale copy is left in the file's bytes (secure_delete, WAL checkpointed)
    if store.is_postgres:
        return  # (PostgreSQL's files: Store.compact, tests/test_file_order.py)
    path = store.path
    Store.close_all()
    raw = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    for secret in keys + tokens:
        assert secret.encode() not in raw


def test_panel_tables_hold_dates_only(store):
    panel, ideas = voting_panel(store, 2)
    store.add_dot(panel.id, device(), ideas[0].id)
    store.add_proposal(panel.id, "Ehdotus", [ideas[0].id])
    store.set_panel_phase(panel.id, "closed", today="2027-03-05")
    tables = [t for t in _tables(store) if t.startswith("panel")]
    assert set(tables) == {"panels", "panel_devices", "panel_ideas", "panel_idea_authors",
                           "panel_votes", "panel_proposals"}
    for table in tables:
        cols = _columns(store, table)
        assert cols, table
        assert not [c for c in cols if re.search(r"time|_at$|^at$|created", c)], table
    assert raw_rows(store, "SELECT opened, closed FROM panels") == [(TODAY, "2027-03-05")]
    for table, column, value in _text_values(store):
        if table.startswith("panel"):
            assert not re.search(r"\d\d:\d\d", str(value)), (table, column, value)


# -- results: ranked, outcome, proposals ---------------------------------------------------


def _idea(id_, votes, group=None, shown=None, status="approved"):
    return Idea(id_, 1, f"Idea {id_}", status, "client", votes, group, shown or id_)


def test_ranked_groups_and_combined_dots():
    ideas = [
        _idea(1, 5), _idea(2, 4, "tauot"), _idea(3, 3, "tauot"), _idea(4, 6),
        _idea(5, 9, status="hidden"), _idea(6, 9, status="waiting"), _idea(7, 5),
    ]
    result = ranked(ideas)
    assert [(g, [i.id for i in members], dots) for g, members, dots in result] == [
        ("tauot", [2, 3], 7), (None, [4], 6), (None, [1], 5), (None, [7], 5)]
    # ties within a group by the order shown
    tie = ranked([_idea(1, 2, "g", shown=2), _idea(2, 2, "g", shown=1)])
    assert [i.id for i in tie[0][1]] == [2, 1]
    assert ranked([]) == []


def test_outcome_matches_contract_shape(store):
    panel = open_panel(store, moderation="pre", votes_per_person=3, max_per_idea=1)
    dev = [device() for _ in range(5)]
    a = store.add_idea(panel.id, "Pidempi kahvitauko")
    b = store.add_idea(panel.id, "Tauot pidemmiksi")
    c = store.add_idea(panel.id, "Enemmän retkiä")
    secret = store.add_idea(panel.id, "Piilotettu: soita 040 123", device=dev[0])
    waiting = store.add_idea(panel.id, "Odottava salaisuus", device=dev[1])
    store.moderate_idea(secret.id, "hidden")
    store.group_ideas([a.id, b.id], "tauot")
    store.set_panel_phase(panel.id, "voting")
    for k in dev:
        store.add_dot(panel.id, k, a.id)
    for k in dev[:2]:
        store.add_dot(panel.id, k, b.id)
    store.add_dot(panel.id, dev[0], c.id)
    prop = store.add_proposal(panel.id, "Tauot pidemmiksi", [b.id, a.id])
    store.set_panel_phase(panel.id, "closed")
    data = outcome(store.panel(panel.id), store.ideas(panel.id), store.proposals(panel.id))
    contract = {"panel": 3, "unit": "puupaja", "title": "Mitä muutetaan syksyllä?",
                "phase": "closed", "date": "2027-03-04", "votes_per_person": 3,
                "max_per_idea": 1, "participants": 9, "hidden_ideas": 1,
                "ideas": [{"id": 12, "text": "Pidempi kahvitauko", "group": "tauot",
                           "votes": 7}],
                "proposals": [{"id": 1, "text": "Tauot pidemmiksi", "ideas": [12, 15],
                               "votes": 11}]}
    # the contract's keys in its order, and one extension beside hidden_ideas (README,
    # "Extensions of the contract"): hidden_ideas counts every idea not shown (contract),
    # waiting_ideas those of them nobody approved or hid
    assert [k for k in data if k in contract] == list(contract)
    assert set(data) - set(contract) == {"waiting_ideas"}
    assert [list(i) for i in data["ideas"]] == [list(contract["ideas"][0])] * 3
    assert list(data["proposals"][0]) == list(contract["proposals"][0])
    assert data == {
        "panel": panel.id, "unit": "puupaja", "title": "Mitä muutetaan syksyllä?",
        "phase": "closed", "date": TODAY, "votes_per_person": 3, "max_per_idea": 1,
        "participants": 5, "hidden_ideas": 2, "waiting_ideas": 1,
        "ideas": [{"id": a.id, "text": "Pidempi kahvitauko", "group": "tauot", "votes": 5},
                  {"id": b.id, "text": "Tauot pidemmiksi", "group": "tauot", "votes": 2},
                  {"id": c.id, "text": "Enemmän retkiä", "group": None, "votes": 1}],
        "proposals": [{"id": prop.id, "text": "Tauot pidemmiksi",
                       "ideas": sorted([a.id, b.id]), "votes": 7}],
    }
    flat = repr(data)
    assert "Piilotettu" not in flat and "salaisuus" not in flat
    assert waiting.id not in [i["id"] for i in data["ideas"]]
    rows = outcome_rows(data)
    assert rows[0] == ["idea", str(a.id), "Pidempi kahvitauko", "tauot", "5", ""]
    assert rows[2] == ["idea", str(c.id), "Enemmän retkiä", "", "1", ""]
    assert rows[3] == ["proposal", str(prop.id), "Tauot pidemmiksi", "", "7",
                       ";".join(map(str, sorted([a.id, b.id])))]


def test_proposals(store):
    panel, ideas = voting_panel(store, 3, votes_per_person=3)
    other, other_ideas = voting_panel(store, 1)
    for k in (device(), device()):
        store.add_dot(panel.id, k, ideas[0].id)
        store.add_dot(panel.id, k, ideas[1].id)
    p = store.add_proposal(panel.id, " Tauot pidemmiksi ", [ideas[0].id, ideas[1].id])
    assert (p.text, p.ideas, p.votes) == ("Tauot pidemmiksi", tuple(sorted(
        [ideas[0].id, ideas[1].id])), 4)
    with pytest.raises(PanelError):
        store.add_proposal(panel.id, "Sekaisin", [ideas[0].id, other_ideas[0].id])
    store.moderate_idea(ideas[2].id, "hidden")
    with pytest.raises(PanelError):
        store.add_proposal(panel.id, "Piilotetusta", [ideas[2].id])
    with pytest.raises(PanelError):
        store.add_proposal(panel.id, "   ", [ideas[0].id])
    with pytest.raises(PanelError):
        store.add_proposal(panel.id, "x" * 501)
    with pytest.raises(PanelError):
        store.update_proposal(p.id, idea_ids=[other_ideas[0].id])
    assert store.update_proposal(p.id, text="Pidemmät tauot", idea_ids=[ideas[1].id]) \
        .votes == 2
    # an idea hidden later drops out of the proposal and its votes
    p2 = store.add_proposal(panel.id, "Kaikki", [ideas[0].id, ideas[1].id])
    store.moderate_idea(ideas[0].id, "hidden")
    assert [(x.ideas, x.votes) for x in store.proposals(panel.id)] == [
        ((ideas[1].id,), 2), ((ideas[1].id,), 2)]
    # deleted before close; a second delete finds nothing
    store.delete_proposal(p2.id)
    with pytest.raises(PanelError):
        store.delete_proposal(p2.id)
    # proposals may still be written after close
    store.set_panel_phase(panel.id, "closed")
    assert store.add_proposal(panel.id, "Jälkikäteen", [ideas[1].id]).votes == 2
    assert [x.text for x in store.proposals(panel.id)] == ["Pidemmät tauot", "Jälkikäteen"]


def test_a_proposal_with_actions_or_of_a_closed_session_is_not_deleted(store):
    panel = open_panel(store)
    answered = store.add_proposal(panel.id, "Tauot pidemmiksi")
    free = store.add_proposal(panel.id, "Retki keväällä")
    store.add_action(panel.unit, "Tauot ovat lyhyitä.", "Tauko on nyt 20 minuuttia.",
                     proposal=answered.id)
    store.add_action(panel.unit, "Tauot ovat lyhyitä.", "Kokeillaan kahta taukoa.",
                     proposal=answered.id)
    with pytest.raises(PanelError) as refused:
        store.delete_proposal(answered.id)
    assert refused.value.key == "panel_proposal_has_actions"
    assert refused.value.values == {
        "n": 2, "items": "Tauko on nyt 20 minuuttia.; Kokeillaan kahta taukoa."}
    assert [a.proposal for a in store.actions()] == [answered.id, answered.id]
    store.set_panel_phase(panel.id, "closed")
    with pytest.raises(WrongPhase) as refused:
        store.delete_proposal(free.id)
    assert refused.value.key == "panel_proposal_closed"
    assert [p.id for p in store.proposals(panel.id)] == [answered.id, free.id]


def test_delete_panel_removes_everything(store):
    panel, ideas = voting_panel(store, 2)
    store.add_dot(panel.id, device(), ideas[0].id)
    store.add_proposal(panel.id, "Ehdotus", [ideas[0].id])
    store.delete_panel(panel.id)
    assert store.panel(panel.id) is None and store.ideas(panel.id) == []
    assert store.proposals(panel.id) == [] and store.panel_voters(panel.id) == 0
    with pytest.raises(PanelError):
        store.delete_panel(panel.id)


@pytest.mark.parametrize("sent", [None, "", "x" * 65, "abc;def", "äö", 42, "a b"])
def test_a_cookie_value_not_of_our_form_gets_a_new_device_token(sent):
    token = panels.device_token(sent)
    assert token != sent and len(token) >= 20
    assert panels.device_token(token) == token  # ours is kept (a reload keeps its dots)


def test_what_staff_type_is_masked_before_it_shows(store):
    """Found by a fresh walk: an idea said aloud, or a staff edit, reached the shared
    screen with a phone number in it."""
    panel = store.open_panel("puupaja", "Raati")
    spoken = store.add_idea(panel.id, "Soita Pekka Virtaselle 040 999 8888")  # staff
    assert spoken.status == "approved"
    assert "040 999 8888" not in spoken.text and "[puhelin]" in spoken.text
    assert "Pekka" not in spoken.text
    typed = store.add_idea(panel.id, "Lisää retkiä", panels.device_key("d1"))
    edited = store.moderate_idea(typed.id, "approved", text="Kysy Liisalta 050 765 4321")
    assert edited.text == "Kysy [nimi] [puhelin]"
    assert {i.text for i in store.ideas(panel.id)} == {spoken.text, edited.text}


def test_a_closed_sessions_ideas_no_longer_change(store):
    panel = store.open_panel("puupaja", "Raati")
    idea = store.add_idea(panel.id, "Pidempi tauko")
    store.set_panel_phase(panel.id, "closed")
    with pytest.raises(panels.WrongPhase):
        store.moderate_idea(idea.id, "approved", text="Toinen teksti")
    with pytest.raises(panels.WrongPhase):
        store.moderate_idea(idea.id, "hidden")
    assert store.idea(idea.id).text == "Pidempi tauko"


def test_proposal_and_group_refusals_name_their_own_text(store):
    """Raadit says these at the form, in the staff language (raati.i18n keys)."""
    from raati.i18n import MESSAGES
    from raati.panels import check_group, check_proposal_text

    with pytest.raises(PanelError) as empty:
        check_proposal_text("  \n ")
    with pytest.raises(PanelError) as long:
        check_proposal_text("x" * (panels.PROPOSAL_MAX_LENGTH + 1))
    with pytest.raises(PanelError) as group:
        check_group("x" * (panels.GROUP_MAX_LENGTH + 1))
    assert (empty.value.key, long.value.key, group.value.key) == (
        "panels_proposal_empty", "panels_proposal_too_long", "panels_group_too_long")
    assert long.value.values == {"n": panels.PROPOSAL_MAX_LENGTH + 1,
                                 "k": panels.PROPOSAL_MAX_LENGTH}
    panel = open_panel(store)
    waiting = store.add_idea(panel.id, "Odottaa", device())
    with pytest.raises(PanelError) as gone:
        store.add_proposal(panel.id, "Tauot", [waiting.id])
    assert gone.value.key == "panels_proposal_idea_gone"
    for key in ("panels_proposal_empty", "panels_proposal_too_long", "panels_group_too_long",
                "panels_proposal_idea_gone", "panels_prompt_too_long"):
        assert key in MESSAGES

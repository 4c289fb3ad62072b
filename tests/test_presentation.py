"""The closing-event slides (analysis.presentation) and the shared current slide
(raati.store.presentations): one idea per slide, natural frequencies, the minimum-group
rule, only the texts given (approved, masked) and masked once more, public actions with
their status words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from types import SimpleNamespace

import pytest

from analysis.plain import question_text, readability
from analysis.presentation import ChartRow, build_slides, slide_texts
from analysis.results import round_changes
from analysis.views import build_view, published_counts, shown_texts
from raati import presentation_control as control
from raati.actions import Action
from raati.store import Store
from raati.store import presentations as board
from raati.surveys import find_survey
from tests._helpers import SHIPPED_DEFS

TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def survey():
    return find_survey(SHIPPED_DEFS, "asiakaskysely")


@pytest.fixture
def view(demo_store, survey):
    return build_view(survey, published_counts(demo_store, survey, 5), 5, units=["puupaja"])


def action(i: int, status: str, said: str = "Tauot ovat lyhyitä", did: str = "Pidensimme") -> Action:
    return Action(i, "puupaja", said, did, status, True)


def test_slides_in_order_one_idea_each(survey, view):
    slides = build_slides(survey, view, unit_label="Puupaja", period_label="1.9.–31.10.2025",
                          expected=40, today=TODAY, actions=[action(1, "done")])
    kinds = [s.kind for s in slides]
    assert kinds == ["title", "answered", "went_well", "improve", "texts", "actions",
                     "actions", "feedback"]
    title = slides[0]
    assert title.title == "Asiakaskysely: kuntouttava työtoiminta"
    assert title.lines == ("Puupaja", "1.9.–31.10.2025", "Päivämäärä 16.3.2026")
    assert all(s.notes for s in slides)  # every slide has presenter notes
    # one title a kind (the actions' counts and their texts share "Mitä teimme")
    assert len({s.title for s in slides}) == len({s.kind for s in slides}) == 7


def test_answered_slide_says_natural_frequencies_never_percentages(survey, view):
    slides = build_slides(survey, view, expected=40, today=TODAY)
    answered = next(s for s in slides if s.kind == "answered")
    assert answered.lines[0] == f"{view.responses} ihmistä vastasi."
    # 25 of 40 = 0.625 -> 6 / 10 (half up), with an icon array of ten
    assert view.responses == 25
    assert answered.lines[1] == "Noin 6 / 10 kysytyistä vastasi."
    assert answered.chart.kind == "icons" and answered.chart.rows == (ChartRow("Vastasi", 6, 10),)
    everything = "\n".join(slide_texts(slides)).replace("40.", "")
    for slide in slides:
        assert not any("%" in x for x in slide.lines), slide
    assert "Tarkat luvut: 25 vastasi, kysyttiin 40." in answered.notes
    assert "luottamusväli" not in everything.casefold() and "keskiarvo" not in everything


def test_no_rate_without_expected(survey, view):
    answered = next(s for s in build_slides(survey, view) if s.kind == "answered")
    assert answered.lines == ("25 ihmistä vastasi.",) and answered.chart is None


def test_themes_have_sentences_and_icon_rows_one_to_one(survey, view):
    slides = build_slides(survey, view)
    well = next(s for s in slides if s.kind == "went_well")
    improve = next(s for s in slides if s.kind == "improve")
    assert well.title == "Tässä onnistuimme" and improve.title == "Tätä pitää parantaa"
    easy = {question_text(survey, q, "fi") for q in survey.questions}
    for s in (well, improve):
        assert 1 <= len(s.lines) <= 3
        assert len(s.chart.rows) == len(s.lines)
        for line, row in zip(s.lines, s.chart.rows, strict=True):
            assert row.n == 10 and 0 <= row.k <= 10
            # The item: the question's easy text as the row's label, one short sentence.
            assert row.label in easy
            assert line.startswith(f"{row.k} / 10 teistä sanoi: "), (line, row)
            assert row.label not in line
            assert readability(line)[0] <= 15 and line.count(".") == 1
    assert "melko hyvin tai erittäin hyvin" in well.lines[0]
    assert "ei lainkaan" in improve.lines[0]


def test_themes_listed_only_where_a_clear_share_said_so(survey, view):
    """As the plain view (analysis.plain.IMPROVE_MIN, SUCCESS_MIN): every item under "to
    improve" has at least 3 in 10 saying 1–2, under "went well" at least 6 in 10 saying
    3–4; with no clear item the slide says so in one sentence."""
    slides = build_slides(survey, view)
    for kind, least in (("went_well", 6), ("improve", 3)):
        s = next(x for x in slides if x.kind == kind)
        assert all(row.k >= least for row in s.chart.rows), s
    # Everyone happy: nothing to improve is named.
    happy = dataclasses.replace(view, results=[
        dataclasses.replace(r, counts={"1": 0, "2": 1, "3": 9, "4": 10}, n=20)
        if r.question.type == "likert" and not r.suppressed else r for r in view.results])
    improve = next(x for x in build_slides(survey, happy) if x.kind == "improve")
    assert improve.lines == ("Ei selvää parannettavaa: useimmat olivat tyytyväisiä kaikkeen.",)
    assert improve.chart is None


def flag(change, value: float):
    """``change`` as if round_changes had flagged a real change of ``value`` (the fields
    analysis.plain and analysis.presentation read)."""
    return SimpleNamespace(before=change.before, after=change.after,
                           difference=SimpleNamespace(flagged=True, value=value))


def test_change_words_only_when_flagged_and_turned_on_the_improve_slide(survey, demo_store):
    """Puupaja's autumn round against its spring round. A flagged change is said in
    words on its theme slide ("Tämä on enemmän kuin keväällä."); on the improve slide,
    whose sentence is about the answers 1–2, more 3–4 answers is "vähemmän". A change
    round_changes does not flag says nothing."""
    data = published_counts(demo_store, survey, 5)
    rounds = {r.name: f"r{r.id}" for r in demo_store.rounds(survey.id) if r.unit == "puupaja"}
    _, _, changes = round_changes(survey, data, 5, rounds["Kevät"], rounds["Syksy"],
                                  ["puupaja"])
    view = build_view(survey, data, 5, units=["puupaja"], periods=[rounds["Syksy"]])
    spring, today = dt.date(2026, 4, 4), dt.date(2026, 11, 20)

    def items(slides) -> dict[str, tuple[str, str]]:
        return {row.label: (s.kind, line) for s in slides if s.kind in ("went_well", "improve")
                for line, row in zip(s.lines, s.chart.rows, strict=True)}

    plain = items(build_slides(survey, view, earlier=spring, today=today))
    assert not [x for _, x in plain.values() if "Tämä on" in x]
    well = next(q for q, (k, _) in plain.items() if k == "went_well")
    low = next(q for q, (k, _) in plain.items() if k == "improve")
    by_text = {question_text(survey, c.after.question, "fi"): c for c in changes}
    up = [flag(c, 0.3) if q in (well, low) else c for q, c in by_text.items()]
    said = items(build_slides(survey, view, changes=up, earlier=spring, today=today))
    assert said[well][1].endswith(" Tämä on enemmän kuin keväällä."), said[well]
    assert said[low][1].endswith(" Tämä on vähemmän kuin keväällä."), said[low]
    assert readability(said[low][1])[0] <= 15
    assert sorted(q for q, (_, x) in said.items() if "Tämä on" in x) == sorted([well, low])
    down = [flag(c, -0.3) if q == low else c for q, c in by_text.items()]
    said = items(build_slides(survey, view, changes=down, earlier=spring, today=today))
    assert said[low][1].endswith(" Tämä on enemmän kuin keväällä."), said[low]
    # The real comparison: its changes that are not flagged say nothing.
    real = items(build_slides(survey, view, changes=[c for c in changes
                                                     if not c.difference.flagged],
                              earlier=spring, today=today))
    assert real == plain


def test_the_response_rate_is_said_once(survey, view):
    """"6 / 10" in the sentence only: the icons' key says what a figure is."""
    answered = next(s for s in build_slides(survey, view, expected=40) if s.kind == "answered")
    visible = [*answered.lines, answered.chart.caption]
    assert sum(x.count("6 / 10") for x in visible) == 1
    assert answered.chart.caption == "Täysi hahmo: vastasi"


def test_suppressed_view_gives_no_numbers(survey, demo_store):
    # A unit and round with fewer than the minimum group: nothing counts.
    data = published_counts(demo_store, survey, 5)
    small = build_view(survey, data, 10_000)  # nobody reaches this minimum
    slides = build_slides(survey, small, expected=40, min_group=10_000)
    for s in slides[1:4]:
        assert s.lines == ("Liian vähän vastauksia, jotta voisimme näyttää tämän.",)
        assert s.chart is None
        assert not re.search(r"\d", " ".join(s.lines))


def test_swedish_and_english(survey, view):
    sv = build_slides(survey, view, lang="sv", expected=40)
    en = build_slides(survey, view, lang="en", expected=40)
    assert sv[1].title == "Hur många svarade?" and sv[1].lines[0] == "25 personer svarade."
    assert en[1].title == "How many answered?" and en[1].lines[1] == (
        "About 6 in 10 of those asked answered.")
    assert en[-1].title == "What did you think of this event?"


def test_only_given_texts_masked_again_and_limited(survey, view):
    texts = [{"question": "parasta", "kind": "value", "text": t} for t in (
        "Hyvä porukka.", "Soita 040 123 4567 niin kerron lisää",
        "Kirjoita matti@example.org", "x" * 500, "Hyvä porukka.")]
    slides = build_slides(survey, view, texts=texts)
    quotes = [x for s in slides if s.kind == "texts" for x in s.lines]
    joined = "\n".join(quotes)
    assert "”Hyvä porukka.”" in quotes and joined.count("Hyvä porukka.") == 1
    assert "040 123 4567" not in joined and "[puhelin]" in joined
    assert "matti@example.org" not in joined and "[sähköposti]" in joined
    assert "x" * 300 not in joined  # too long for a slide
    assert all(len(s.lines) <= 3 for s in slides if s.kind == "texts")


def test_texts_from_the_views_shown_texts_only(survey, demo_store, view):
    free = demo_store.free_texts(survey.id, ["parasta", "muutettavaa"])
    mine = [i for i in free if i["unit"] == "puupaja"]
    approved = mine[0]
    demo_store.moderate(approved["response_id"], approved["question"], approved["kind"],
                        "approved", "Hyväksytty teksti.", "x")
    shown = shown_texts(view, free, demo_store.moderation_state(survey.id))
    slides = build_slides(survey, view, texts=shown)
    lines = [x for s in slides if s.kind == "texts" for x in s.lines]
    assert lines == ["”Hyväksytty teksti.”"]


def test_no_texts_and_no_actions_say_so(survey, view):
    slides = build_slides(survey, view)
    assert next(s for s in slides if s.kind == "texts").lines == (
        "Tarkistettuja kirjoituksia ei ole vielä.",)
    assert next(s for s in slides if s.kind == "actions").lines == (
        "Kerromme tässä, mitä teemme sen perusteella, mitä sanoitte.",)


def test_actions_with_status_words_and_counts(survey, view):
    acts = [action(1, "done", did="Kahvitauko on nyt 20 minuuttia"),
            action(2, "planned", said="Soittakaa 040 765 4321", did="Retki"),
            action(3, "in_progress"), action(4, "done"), action(5, "received"),
            action(6, "not_possible"), action(7, "done")]
    slides = [s for s in build_slides(survey, view, actions=acts) if s.kind == "actions"]
    # the counts by status on a slide of their own, then two actions a slide, at most
    # three such slides (a chart beside two actions overflowed a 1280×720 screen)
    assert len(slides) == 4
    summary, first = slides[0], slides[1]
    assert summary.lines == ("Olemme kirjanneet 7 toimenpidettä sen perusteella, mitä "
                             "sanoitte.",)
    assert first.lines[0] == "Te sanoitte: Tauot ovat lyhyitä"
    assert first.lines[1] == "✅ Tehty – Me teimme: Kahvitauko on nyt 20 minuuttia"
    assert first.lines[3].startswith("🗓️ Suunnitteilla – Suunnitelmamme: Retki")
    assert "040 765 4321" not in "\n".join(first.lines)
    counts = {r.label: r.k for r in summary.chart.rows}
    assert counts == {"📥 Vastaanotettu": 1, "🗓️ Suunnitteilla": 1, "🔧 Työn alla": 1,
                      "✅ Tehty": 3, "⛔ Ei mahdollista": 1}
    assert all(s.chart is None for s in slides[1:])


def test_without_feedback_no_last_slide(survey, view):
    assert build_slides(survey, view, feedback=False)[-1].kind == "actions"


# -- the shared current slide ------------------------------------------------------------


def _start(store, kinds=("a", "b", "c"), **kw) -> str:
    fields = dict(unit="puupaja", owner="x", survey="s", choice={"c": 1}, kinds=kinds)
    fields.update(kw)
    return store.start_presentation(**fields)


def test_board_moves_within_the_slides(store):
    pid = _start(store)
    running = store.presentation(pid)
    assert (running.slide, running.unit, running.owner, running.survey, running.choice,
            running.kinds, running.feedback_round) == (
        0, "puupaja", "x", "s", {"c": 1}, ("a", "b", "c"), None)
    assert store.move_presentation(pid, "prev") == 0
    assert store.move_presentation(pid, "next") == 1
    assert store.move_presentation(pid, "last") == 2
    assert store.move_presentation(pid, "next") == 2
    assert store.move_presentation(pid, "first") == 0
    assert store.move_presentation(pid, 7) == 2
    assert store.presentation(pid).slide == 2
    for where in ("sideways", True, None):
        with pytest.raises(ValueError):
            store.move_presentation(pid, where)
    rnd = store.open_round("tilaisuuspalaute", "puupaja")
    with_round = _start(store, feedback_round=rnd.id)
    assert store.presentation(with_round).feedback_round == rnd.id
    store.delete_round(rnd.id)  # the round goes: the presentation stays, without it
    assert store.presentation(with_round).feedback_round is None
    other = _start(store, kinds=["a"])
    assert other != pid and len(pid) >= 20
    assert store.stop_presentation(pid) and not store.stop_presentation(pid)
    assert store.presentation(pid) is None and store.move_presentation(pid, "next") is None
    assert store.presentation(other).slide == 0
    for bad in (None, "", "x" * 65, "a\x00b", "a b", 7):
        assert store.presentation(bad) is None
        assert store.move_presentation(bad, "next") is None
    with pytest.raises(ValueError):
        _start(store, kinds=[])


def test_a_move_through_one_process_is_seen_through_another(store):
    """Two Store objects on one database stand for two app processes behind the load
    balancer: the presenter's window moves in one, the projector's window reads in the
    other, on every run."""
    other = Store(store.target)
    pid = _start(store, kinds=("title", "texts", "actions"))
    assert other.presentation(pid).slide == 0
    assert other.move_presentation(pid, "next") == 1
    assert store.presentation(pid).slide == 1
    assert store.move_presentation(pid, "last") == 2
    assert other.presentation(pid).slide == 2
    # Slides built again in one process: the other sees the new kinds and build count.
    assert other.replace_presentation_slides(pid, ("title", "texts", "texts", "actions")) \
        == (3, 1)
    seen = store.presentation(pid)
    assert (seen.slide, seen.built, seen.kinds) == (3, 1, ("title", "texts", "texts",
                                                           "actions"))
    other.stop_presentation(pid)
    assert store.presentation(pid) is None


def test_old_presentations_are_forgotten(store):
    """Unused for KEEP_S: gone (also before the next start deletes it); a look at it
    keeps it (its last use is written at most every TOUCH_S, so polling stays reads)."""
    t0 = 1_800_000_000.0
    old = _start(store, now=t0)
    kept = _start(store, now=t0)
    assert store.presentation(kept, now=t0 + board.TOUCH_S / 2).last_used == t0  # no write
    assert store.presentation(kept, now=t0 + board.KEEP_S - 10) is not None  # a write
    later = t0 + board.KEEP_S + 1
    assert store.presentation(old, now=later) is None
    assert store.move_presentation(old, "next", now=later) is None
    assert store.presentation(kept, now=later).last_used == t0 + board.KEEP_S - 10
    assert set(store.presentation_ids()) == {old, kept}
    new = _start(store, now=later)  # a start deletes the forgotten ones
    assert set(store.presentation_ids()) == {kept, new}


def test_at_most_max_running_are_kept_the_oldest_goes(store, monkeypatch):
    monkeypatch.setattr(board, "MAX_RUNNING", 3)
    t0 = 1_800_000_000.0
    a, b, c = (_start(store, now=t0 + i) for i in range(3))
    store.move_presentation(a, "next", now=t0 + 10)  # a used again: b is the oldest now
    d = _start(store, now=t0 + 11)
    assert store.presentation_ids() == [d, a, c]
    assert store.presentation(b, now=t0 + 12) is None
    e = _start(store, now=t0 + 12)
    assert store.presentation_ids() == [e, d, a]


def test_the_table_holds_staff_things_only(store):
    """Nothing of a client: the presentation, what its slides are built from, the slide
    shown and staff's last use (seconds), the same columns on both backends."""
    assert store.table_columns()["presentations"] == [
        "id", "unit", "owner", "survey", "choice", "kinds", "slide", "built",
        "feedback_round", "last_used"]


# -- a fresh tester: the response rate of the counted rounds only, each question's own
# answer words, the slides built again keep the slide shown ------------------------------


def test_the_response_rate_uses_only_the_rounds_whose_answers_count(survey, demo_store):
    """Ompelimo: spring 9 answers of 15 asked, autumn 3 of 15 (under the minimum group,
    left out). The rate is 9 of 15 ("Noin 6 / 10"), not 9 of 30 ("Noin 3 / 10"), and
    the notes say some rounds are left out, with no number under the minimum."""
    from analysis.presentation import response_base

    data = published_counts(demo_store, survey, 5)
    view = build_view(survey, data, 5, units=["ompelimo"])
    rounds = {f"r{r.id}": r for r in demo_store.rounds(survey.id)}
    assert view.responses == 9
    assert sum(r.expected for r in rounds.values() if r.unit == "ompelimo") == 30
    expected, left_out = response_base(view, data, rounds, "ompelimo")
    assert (expected, left_out) == (15, True)
    slides = build_slides(survey, view, expected=expected, rounds_left_out=left_out)
    answered = next(s for s in slides if s.kind == "answered")
    assert answered.lines == ("9 ihmistä vastasi.", "Noin 6 / 10 kysytyistä vastasi.")
    assert "Tarkat luvut: 9 vastasi, kysyttiin 15." in answered.notes
    assert ("Osa kierroksista ei ole mukana, koska vastaajia oli liian vähän."
            in answered.notes)
    assert "3" not in answered.notes  # the left-out round's answers are never told
    # Only the spring round chosen: nothing left out, the same rate.
    spring = next(k for k, r in rounds.items() if r.unit == "ompelimo" and r.name == "Kevät")
    one = build_view(survey, data, 5, units=["ompelimo"], periods=[spring])
    assert response_base(one, data, rounds, "ompelimo", [spring]) == (15, False)
    # Only the autumn round: nothing counted, no rate.
    autumn = next(k for k, r in rounds.items() if r.unit == "ompelimo" and r.name == "Syksy")
    small = build_view(survey, data, 5, units=["ompelimo"], periods=[autumn])
    assert response_base(small, data, rounds, "ompelimo", [autumn]) == (None, True)
    # Puupaja: both rounds count, both rounds' expected numbers (20 + 20).
    both = build_view(survey, data, 5, units=["puupaja"])
    assert response_base(both, data, rounds, "puupaja") == (40, False)


def test_theme_keys_and_notes_use_the_questions_own_answer_words(survey, demo_store):
    """Ompelimo's weakest three are all "Kuinka paljon…" questions (their words "ei
    lainkaan … vähän"): the key and the note say those words, never "ei juurikaan".
    Puupaja's mix questions with different words: neutral words. Each sentence says its
    own question's words."""
    data = published_counts(demo_store, survey, 5)
    for unit, mixed in (("ompelimo", False), ("puupaja", True)):
        view = build_view(survey, data, 5, units=[unit])
        improve = next(s for s in build_slides(survey, view) if s.kind == "improve")
        by_label = {question_text(survey, q, "fi"): q for q in survey.questions}
        words = {tuple(survey.scale_words(by_label[r.label], "fi")[p].lower() for p in (1, 2))
                 for r in improve.chart.rows}
        assert (len(words) > 1) is mixed, words
        if mixed:
            assert improve.chart.caption == ("Täysi hahmo: valitsi jommankumman kahdesta "
                                             "heikoimmasta vastauksesta")
            assert improve.notes == ("Nämä asiat saivat eniten kahta heikointa vastausta. "
                                     "Kysy, mitä pitäisi muuttaa.")
        else:
            assert words == {("ei lainkaan", "vähän")}
            assert improve.chart.caption == "Täysi hahmo: vastasi ei lainkaan tai vähän"
            assert improve.notes.startswith("Nämä asiat saivat eniten vastauksia ei "
                                            "lainkaan tai vähän.")
            assert "juurikaan" not in improve.chart.caption + improve.notes
        for line, row in zip(improve.lines, improve.chart.rows, strict=True):
            a, b = (survey.scale_words(by_label[row.label], "fi")[p].lower() for p in (1, 2))
            assert f"{a} tai {b}." in line
        well = next(s for s in build_slides(survey, view) if s.kind == "went_well")
        assert well.chart.caption == "Täysi hahmo: vastasi melko hyvin tai erittäin hyvin"


def test_replaced_slides_keep_the_slide_shown(store):
    """The slides built again (a text approved while presenting adds a second slide of
    quotes): the slide shown stays the same slide, by its kind and place."""
    pid = _start(store, kinds=("title", "texts", "actions", "feedback"), choice="c")
    store.move_presentation(pid, 2)  # the actions slide
    assert store.replace_presentation_slides(
        pid, ("title", "texts", "texts", "actions", "feedback")) == (3, 1)
    running = store.presentation(pid)
    assert running.kinds[running.slide] == "actions" and running.choice == "c"
    store.move_presentation(pid, 2)  # the second slide of quotes; now there is one again
    assert store.replace_presentation_slides(pid, ("title", "texts", "actions",
                                                   "feedback")) == (1, 2)
    assert store.replace_presentation_slides("unknown", ("title",)) is None
    with pytest.raises(ValueError):
        store.replace_presentation_slides(pid, [])
    store.stop_presentation(pid)
    assert board.same_slide(("a", "b"), 1, ("c",)) == 0  # no slide of that kind: clamped
    assert board.same_slide((), 3, ("a", "b")) == 1


def _sources(demo_store, survey):
    from raati import modcache

    return control.Sources(demo_store, {survey.id: survey},
                           lambda s: published_counts(demo_store, s, 5),
                           lambda s, units: modcache.free_texts(demo_store, s, units), 5)


def test_a_window_of_another_process_shows_the_slides_built_there(survey, demo_store):
    """The slides are built per process from the stored choice: when another process
    moves or refreshes the presentation (its slides built again: ``built`` moves), this
    process builds its copy again and shows what the store holds now (a text approved
    since), at the slide the database says."""
    src = _sources(demo_store, survey)
    choice = control.Choice(survey.id, "puupaja", None, "fi", False)
    pid, error = control.start(src, SimpleNamespace(name="staff"), choice)
    assert error is None
    shown = control.get(src, pid)
    kinds = [s.kind for s in shown.slides]
    texts_at = kinds.index("texts")
    assert shown.current == 0 and shown.choice == choice and shown.unit == "puupaja"
    assert shown.slides[texts_at].lines == ("Tarkistettuja kirjoituksia ei ole vielä.",)
    item = next(i for i in demo_store.free_texts(survey.id, ["parasta"], ["puupaja"])
                if i["kind"] == "value")
    demo_store.moderate(item["response_id"], item["question"], item["kind"], "approved",
                        "Ohjaajat ovat ystävällisiä.", "x")
    # This process has not moved: its copy of the slides stays as it was.
    assert control.get(src, pid).slides[texts_at].lines == shown.slides[texts_at].lines
    # Another process (its own Store on the same database) refreshes and moves.
    other = Store(demo_store.target)
    assert other.replace_presentation_slides(pid, kinds) == (0, 1)
    assert other.move_presentation(pid, texts_at) == texts_at
    now = control.get(src, pid)
    assert now.current == texts_at
    assert "”Ohjaajat ovat ystävällisiä.”" in now.slides[texts_at].lines
    control.stop(src, pid)
    assert control.get(src, pid) is None and other.presentation(pid) is None


def test_a_choice_round_trips_through_json():
    for choice in (control.Choice("s", "u", None, "fi", True),
                   control.Choice("s", "u", ("r1", "2025-03"), "sv", False)):
        assert control.Choice.from_json(choice.as_json()) == choice
    for bad in (None, "c", {"survey": "s"}, {"survey": "s", "unit": "u", "periods": "r1",
                                             "lang": "fi", "feedback": True}):
        assert control.Choice.from_json(bad) is None

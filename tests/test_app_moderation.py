"""AppTest: the moderation page's counts, paging, filters, cards that say where a text
came from, "approve all shown", and one decision per click (issue 11, item 10)."""

from __future__ import annotations

import secrets

import pytest

from analysis.text import mask_personal_data
from raati import auth
from raati.moderation import PAGE_SIZE
from tests._helpers import moderation_cards as cards
from tests._helpers import moderation_counts as counts
from tests._helpers import moderation_page, moderation_shown, show_phone_text

SURVEY = "asiakaskysely"
TEXT_QUESTIONS = ["parasta", "muutettavaa"]
UNITS = ("puupaja", "ompelimo")


@pytest.fixture
def env(demo_moderation):
    return demo_moderation


def texts(store) -> list[dict]:
    return [i for i in store.free_texts(SURVEY, TEXT_QUESTIONS) if i["unit"] in UNITS]


def key(item) -> str:
    return f"{item['response_id']}|{item['question']}|{item['kind']}"


def test_counts_and_paging_with_a_notice_of_the_rest(env):
    items = texts(env)
    assert len(items) > 2 * PAGE_SIZE, "the demo has texts for three pages"
    at = moderation_page(env)
    assert counts(at) == f"{len(items)} odottaa · 0 hyväksytty · 0 piilotettu"
    first_page = cards(at)
    assert len(first_page) == PAGE_SIZE
    notice = " ".join(i.value for i in at.info)
    assert (f"Näytetään 1–{PAGE_SIZE} / {len(items)}. {len(items) - PAGE_SIZE} lisää muilla"
            " sivuilla.") in notice
    seen = list(first_page)
    for page in range(2, -(-len(items) // PAGE_SIZE) + 1):
        at.selectbox(key="mod_page").set_value(page).run()
        second_page = cards(at)
        assert not set(seen) & set(second_page)
        seen += second_page
    assert len(second_page) == len(items) - PAGE_SIZE * (page - 1)
    assert set(seen) == {key(i) for i in items}
    # Decisions move the counts.
    at.button(key=f"hide_{second_page[0]}").click().run()
    assert counts(at) == f"{len(items) - 1} odottaa · 0 hyväksytty · 1 piilotettu"


def test_every_card_says_its_unit_round_and_question(env):
    at = moderation_page(env)
    rounds = {f"r{r.id}": r for r in env.rounds(SURVEY)}
    units = {u.id: u.name for u in env.units()}
    item = next(i for i in texts(env) if key(i) == cards(at)[0])
    captions = [c.value.replace("\u2060", "").replace("\\", "") for c in at.caption]
    where = f"Yksikkö: {units[item['unit']]} · Kierros: {rounds[item['period']].name}"
    assert any(c.startswith(where) for c in captions), captions[:6]
    question = "Mikä oli parasta?" if item["question"] == "parasta" else ""
    assert any(c.startswith("Kysymys: ") and question in c for c in captions)


def test_filters_by_unit_round_question_and_status(env):
    items = texts(env)
    at = moderation_page(env)
    at.selectbox(key="mod_unit").set_value("ompelimo").run()
    in_unit = [i for i in items if i["unit"] == "ompelimo"]
    # (the first page of them)
    assert set(cards(at)) <= {key(i) for i in in_unit}
    assert len(cards(at)) == min(PAGE_SIZE, len(in_unit))
    assert counts(at) == f"{len(in_unit)} odottaa · 0 hyväksytty · 0 piilotettu"
    period = sorted({i["period"] for i in in_unit})[0]
    at.selectbox(key="mod_round").set_value(period).run()
    in_round = [i for i in in_unit if i["period"] == period]
    assert set(cards(at)) <= {key(i) for i in in_round}
    assert len(cards(at)) == min(PAGE_SIZE, len(in_round))
    at.selectbox(key="mod_question").set_value("muutettavaa").run()
    asked = [i for i in in_round if i["question"] == "muutettavaa"]
    assert asked and set(cards(at)) == {key(i) for i in asked}
    # Status: hide one, it leaves the waiting list and is found under "hidden".
    gone = cards(at)[0]
    at.button(key=f"hide_{gone}").click().run()
    assert gone not in cards(at)
    at.segmented_control(key="mod_show").set_value("hidden").run()
    assert cards(at) == [gone]


def test_approve_all_shown_decides_exactly_those_with_masked_text(env):
    items = texts(env)
    at = moderation_page(env)
    # The page of the demo's text with a phone number (its unit, round and question).
    show_phone_text(at, env)
    phone_item = next(i for i in items if "040" in i["text"])
    shown = cards(at)
    in_unit = [i for i in items if (i["unit"], i["period"], i["question"]) ==
               (phone_item["unit"], phone_item["period"], phone_item["question"])]
    assert len(shown) == min(PAGE_SIZE, len(in_unit))
    assert at.button(key="mod_approve_all").label == f"Hyväksy kaikki näytetyt ({len(shown)})"
    at.button(key="mod_approve_all").click().run()
    assert not env.moderation_state(SURVEY)  # it asks first
    assert f"Hyväksytäänkö {len(shown)} näytettyä tekstiä" in at.warning[0].value
    at.button(key="mod_approve_all_yes").click().run()
    assert not at.exception
    decided = env.moderation_state(SURVEY)
    assert set(decided) == {tuple(k.split("|")) for k in shown}
    by_key = {key(i): i for i in items}
    for k in shown:
        status, text = decided[tuple(k.split("|"))]
        assert status == "approved"
        assert text == mask_personal_data(by_key[k]["text"])
    phone = [decided[tuple(k.split("|"))][1] for k in shown if "040" in by_key[k]["text"]]
    assert phone and all("[puhelin]" in t and "040" not in t for t in phone)
    assert f"{len(shown)} tekstiä hyväksytty." in " ".join(s.value for s in at.success)
    # The next page's texts of puupaja move up; none of the approved ones is waiting.
    assert not set(cards(at)) & set(shown)
    assert len(cards(at)) == min(PAGE_SIZE, len(in_unit) - len(shown))
    entry = env.audit_entries(action="moderation")[0]
    assert entry.detail == f"approved {len(shown)} texts (all shown)"


def test_approve_all_is_dropped_when_the_list_changes_before_confirming(env):
    at = moderation_page(env)
    at.selectbox(key="mod_unit").set_value("puupaja").run()
    at.button(key="mod_approve_all").click().run()
    at.selectbox(key="mod_unit").set_value("ompelimo").run()  # another list now
    assert not [b for b in at.button if b.key == "mod_approve_all_yes"]
    assert not env.moderation_state(SURVEY)


def test_a_double_click_on_one_card_is_one_decision(env):
    user = auth.create_user(env, "staff-double", "staff", secrets.token_urlsafe(16), UNITS)
    at = moderation_page(env, user)
    # The same cards, still on screen as they were (a second tab, or the browser
    # before the first click's run came back).
    stale, stale2 = moderation_page(env, user), moderation_page(env, user)
    first, second = cards(at)[:2]
    at.button(key=f"approve_{first}").click().run()
    # The second click of the double click arrives for the card as it was shown.
    stale.button(key=f"approve_{first}").click().run()
    assert not stale.exception
    decided = env.moderation_state(SURVEY)
    assert list(decided) == [tuple(first.split("|"))]
    assert len(env.audit_entries(action="moderation")) == 1
    # A stale "hide" does not overturn the approval either ...
    stale2.button(key=f"hide_{first}").click().run()
    assert env.moderation_state(SURVEY)[tuple(first.split("|"))][0] == "approved"
    assert len(env.audit_entries(action="moderation")) == 1
    # ... and a click on the next card decides that card, not its neighbour.
    stale.button(key=f"hide_{second}").click().run()
    assert env.moderation_state(SURVEY)[tuple(second.split("|"))] == ("hidden", "")
    assert len(env.moderation_state(SURVEY)) == 2
    assert len(env.audit_entries(action="moderation")) == 2


def test_a_logged_out_moderator_decides_nothing_by_a_stale_button(env):
    at = moderation_page(env)
    first = cards(at)[0]
    for u in env.users():
        env.update_user(u.id, disabled=True)
    at.button(key=f"approve_{first}").click().run()
    assert not env.moderation_state(SURVEY)


def test_user_text_is_never_markdown(env):
    at = moderation_page(env)
    # Originals and suggestions are st.text (edited in a dialog's text area).
    assert not [m for m in at.markdown if "Ohjaaja oli tosi mukava" in m.value]
    assert any("Ohjaaja oli tosi mukava" in e.value for e in at.text)


def test_an_edited_text_is_approved_as_typed_and_masked_once_more(env):
    at = show_phone_text(moderation_page(env), env)
    phone = next(k for k, v in moderation_shown(at).items() if "[puhelin]" in v)
    assert not [a for a in at.text_area]  # a card has no text box: the editor is a dialog
    at.button(key=f"edit_{phone}").click().run()
    [box] = at.text_area
    assert "[puhelin]" in box.value and "040" not in box.value
    box.set_value("Soita minulle 050 765 4321, kiitos").run()
    at.button(key="mod_edit_ok").click().run()
    assert not at.exception
    status, text = env.moderation_state(SURVEY)[tuple(phone.split("|"))]
    assert status == "approved" and text == "Soita minulle [puhelin], kiitos"
    assert phone not in cards(at)  # no longer waiting
    assert not at.text_area  # the dialog closed
    # The approved list shows what was approved, and editing it again starts from there.
    at.segmented_control(key="mod_show").set_value("approved").run()
    assert moderation_shown(at)[phone] == "Soita minulle [puhelin], kiitos"

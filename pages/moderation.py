"""Staff: approve, edit or hide each free-text answer before it appears in any shared
view, presentation or report. Personal data is masked in the suggestion."""

import streamlit as st

from analysis.text import mask_personal_data
from raati import auth, modcache, ui
from raati.i18n import t
from raati.responses import clean_text

user = ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()
surveys, _ = ui.surveys()

st.title(t("moderation_title", lang))
st.write(t("moderation_intro", lang))
if not surveys:
    st.stop()
survey = surveys[st.selectbox(t("col_survey", lang), list(surveys), key="mod_survey",
                              format_func=lambda s: surveys[s].text(surveys[s].title, lang))]
# The texts are read (and their masked suggestions made) once per change; the decisions
# are read fresh on every run, so a withdrawn approval or a new decision shows at once.
items = modcache.free_texts(store, survey, auth.unit_filter(user))
decided = store.moderation_state(survey.id)


def status_of(item) -> str:
    found = decided.get((item["response_id"], item["question"], item["kind"]))
    return found[0] if found else "pending"


counts = {s: sum(1 for i in items if status_of(i) == s) for s in ("pending", "approved", "hidden")}
st.caption(t("mod_counts", lang, **counts))
show = st.segmented_control(t("mod_filter", lang), ["pending", "approved", "hidden"],
                            default="pending", key="mod_show",
                            format_func=lambda s: t(f"mod_{s}", lang)) or "pending"
chosen = [i for i in items if status_of(i) == show]
if not chosen:
    st.info(t("mod_none", lang))
for i, item in enumerate(chosen[:50]):
    q = survey.question(item["question"])
    key = f"{item['response_id']}|{item['question']}|{item['kind']}"
    with st.container(border=True, key=f"mod_{i}"):
        label = survey.text(q.text, lang) if q else item["question"]
        if item["kind"] == "comment":
            label = f"{t('mod_comment_of', lang)}: {label}"
        st.caption(ui.plain(label))
        st.text(t("mod_original", lang) + ":")
        st.text(item["text"])  # as text, never Markdown or HTML
        found = decided.get((item["response_id"], item["question"], item["kind"]))
        suggestion = (found[1] if found and found[0] == "approved"
                      else modcache.masked_suggestion(item["text"]))
        shown = st.text_area(t("mod_shown", lang), value=suggestion, key=f"shown_{key}",
                             max_chars=1000)
        c1, c2 = st.columns(2)
        if c1.button(t("mod_approve", lang), key=f"approve_{key}", type="primary"):
            # Whatever the moderator typed is masked once more before it is shown.
            store.moderate(item["response_id"], item["question"], item["kind"], "approved",
                           mask_personal_data(clean_text(shown)), user.name)
            store.audit(user.name, "moderation", survey.id, f"approved {item['question']}")
            st.rerun()
        if c2.button(t("mod_hide", lang), key=f"hide_{key}"):
            store.moderate(item["response_id"], item["question"], item["kind"], "hidden", "",
                           user.name)
            store.audit(user.name, "moderation", survey.id, f"hid {item['question']}")
            st.rerun()

"""Staff: the surveys in the survey folder, their problems, and a read-through preview."""

import streamlit as st

from raati import config, ui
from raati.i18n import language_name, t

ui.guard(__file__)
lang = ui.ui_lang()
surveys, problems = ui.surveys()

st.title(t("surveys_title", lang))
if problems:
    st.error(t("no_surveys", lang))
    st.code("\n".join(problems), language=None)
st.write(t("surveys_ok", lang, n=len(surveys), dir=str(config.defs_dir())))

for survey in surveys.values():
    title = survey.text(survey.title, lang)
    with st.expander(f"{ui.plain(title)} · {t('questions_count', lang, n=len(survey.questions))}"):
        st.caption(f"{survey.id} · {survey.version} · {t('languages', lang)}: "
                   + ", ".join(language_name(code) for code in survey.languages))
        if survey.intro:
            st.text(survey.text(survey.intro, lang))
        for n, q in enumerate(survey.questions, start=1):
            cols = st.columns([1, 6])
            picture = ui.picture_path(q.picture)
            if picture:
                cols[0].image(str(picture), width=48)
            cols[1].text(f"{n}. {survey.text(q.text, lang)}  [{q.type}]")
            if q.easy:
                cols[1].caption(f"{t('easy_version', lang)}: " + ui.plain(survey.text(q.easy, lang)))
            if q.options:
                cols[1].caption(" · ".join(ui.plain(survey.text(o.label, lang)) for o in q.options))

"""Staff: raw responses out (CSV, Excel-CSV, XLSX) and in (paper forms), for the
person's own units only, every time written to the audit log."""

import streamlit as st

from raati import auth, ui
from raati.i18n import t
from raati.transfer import FORMATS, RefusedFile, export_bytes, import_bytes

user = ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()
surveys, _ = ui.surveys()
allowed = auth.unit_filter(user)

st.title(t("data_title", lang))
st.write(t("data_intro", lang))
if not surveys:
    st.stop()
survey = surveys[st.selectbox(t("col_survey", lang), list(surveys),
                              format_func=lambda s: surveys[s].text(surveys[s].title, lang))]

st.subheader(t("export_title", lang))
labels = {"csv": "CSV", "excel-csv": "Excel-CSV (;)", "xlsx": "Excel (.xlsx)"}
suffix = {"csv": "csv", "excel-csv": "csv", "xlsx": "xlsx"}
mime = {"csv": "text/csv", "excel-csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
cols = st.columns(len(FORMATS))
for col, fmt in zip(cols, FORMATS, strict=True):
    # The file is made only when the person asks for it, and each download is logged.
    col.download_button(
        t("download", lang, fmt=labels[fmt]),
        data=lambda fmt=fmt: export_bytes(store, survey, fmt, units=allowed),
        file_name=f"raati-{survey.id}.{suffix[fmt]}", mime=mime[fmt], key=f"export_{fmt}",
        on_click=lambda fmt=fmt: store.audit(user.name, "export", survey.id,
                                             f"{fmt} units={','.join(allowed) if allowed is not None else 'all'}"),
        width="stretch",
    )

st.subheader(t("import_title", lang))
st.caption(t("import_help", lang))
# The uploader's own words (Streamlit writes them in English) in the interface language.
st.html(ui.uploader_texts_css(lang))
# In a form: the file and the press of "Tuo" reach the server together, so a press right
# after choosing the file is never lost to the upload's own run.
with st.form("import_form", clear_on_submit=True, border=False):
    upload = st.file_uploader(t("import_title", lang), type=["csv", "xlsx"],
                              label_visibility="collapsed")
    pressed = st.form_submit_button(t("import_button", lang), type="primary")
if pressed and upload is None:
    st.warning(t("import_choose_file", lang))
elif pressed:
    try:
        result = import_bytes(store, survey, upload.getvalue(), upload.name, allowed)
    except RefusedFile as exc:
        st.error(t("import_refused", lang))
        st.code("\n".join(exc.problems), language=None)
    else:
        store.audit(user.name, "import", survey.id,
                    f"{upload.name}: {result.imported} new, {result.already_present} present")
        st.success(t("import_done", lang, new=result.imported, present=result.already_present))

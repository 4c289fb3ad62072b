"""Staff: the surveys (files and stored), and the builder that makes and changes them
(issue 15): working copy, plain-language hints, pictures, live preview, publishing.
The rules live in raati.survey_catalog (versions, meaning) and raati.survey_builder
(edits); this page draws them."""

import hashlib
import io
import zipfile

import streamlit as st

from raati import config, survey_catalog, ui
from raati import survey_builder as sb
from raati.i18n import CLIENT_LANGUAGES, language_name, t
from raati.store import StoreError
from raati.surveys import SurveyError

user = ui.guard(__file__)
lang = ui.ui_lang()
store = ui.store()
catalog = ui.catalog()
PUBLISH_SETTING = "survey_publishers"  # "staff" (default) or "admin"
TYPE_KEYS = {qt: f"qtype_{qt}" for qt in sb.BUILDER_TYPES}


def may_publish() -> bool:
    return user.role == "admin" or (store.setting(PUBLISH_SETTING) or "staff") == "staff"


def show_problems(lines: list[str], old=None) -> None:
    """Each validator line in plain words where there is a plainer way to say it, with
    the line itself (as `raati validate` prints it) under it. ``old``: the published
    survey, whose texts name an option or a question that stored answers keep."""
    for line in lines:
        found = sb.explain(line)
        if found is None:
            st.error(ui.plain(line))
            continue
        key, v = found
        where = t("builder_where_option", lang, q=v["q"], o=v["o"]) if v["o"] else \
            t("builder_where_question", lang, q=v["q"]) if v["q"] else t("builder_where_survey", lang)
        field = t(v["field"], lang) if v["field"] else ""
        language = language_name(v["lang"]) if v["lang"] else ""
        label = sb.answered_label(v, old, lang)
        st.error(ui.plain(t(key, lang, where=where, field=field, language=language,
                            label=label, n=v.get("n", 0))))
        st.caption(ui.plain(line))


def flash(text: str) -> None:
    st.session_state.flash = text


def clear_builder_state() -> None:
    for key in [k for k in st.session_state if str(k).startswith("bf:")]:
        del st.session_state[key]
    st.session_state.pop("builder_survey", None)


# -- the working copy ----------------------------------------------------------------------


def load_draft(survey_id: str):
    draft = store.survey_draft(survey_id)
    if draft is None:
        return None, None
    return draft, survey_catalog.load_definition(draft.definition)


def save(survey_id: str, data: dict, pictures: dict, based_on: int, what: str) -> None:
    """Keep the changed working copy and log the change (every change: issue 15)."""
    store.save_survey_draft(survey_id, survey_catalog.dump_definition(data), pictures,
                            based_on)
    store.audit(user.name, "survey_draft_edit", survey_id, what)


KEEP_KEYS = (":open", ":newtype", ":languages")


def forget_fields(survey_id: str) -> None:
    """Drop the fields' kept values, so that every field is drawn again from the working
    copy: after a question or an option moved, was copied, removed or added, a kept
    value would sit in the field of whatever is now at its place (found by a walk)."""
    for key in [k for k in st.session_state if str(k).startswith(f"bf:{survey_id}:")
                and not str(k).endswith(KEEP_KEYS)]:
        del st.session_state[key]


def edit(survey_id: str, what: str, change, *args) -> None:
    """A widget's callback: apply ``change(data, *args)`` to the working copy and save.
    Any change but a typed text or a tick redraws every field from the saved copy."""
    draft, data = load_draft(survey_id)
    if draft is None:
        return
    try:
        change(data, *args)
    except sb.BuildError as exc:
        st.session_state["bf:error"] = t(exc.key, lang, **exc.values)
        return
    save(survey_id, data, draft.pictures, draft.based_on, what)
    if change is not set_text and not getattr(change, "keeps_fields", False):
        forget_fields(survey_id)


def set_text(data, path: tuple, key, tlang: str, widget: str) -> None:
    if path[-1:] == ("scale",):  # a likert question's own word for a point
        sb.set_scale_word(data, path[1], key, tlang, st.session_state[widget])
    else:
        sb.set_localized(item_at(data, path), key, tlang, st.session_state[widget])


def item_at(data: dict, path: tuple):
    item = data
    for part in path:
        item = item[part]
    return item


def hints_caption(text: str, tlang: str, qtype: str | None = None) -> None:
    """The selkokieli hints of a text, as advice under its field (never a block)."""
    from analysis.writing_hints import hint_message, hints, measure, measure_message

    if not text.strip():
        return
    found = hints(text, tlang, question_type=qtype)
    st.caption(ui.plain(measure_message(measure(text), lang)))
    for hint in found:
        st.caption("💡 " + ui.plain(hint_message(hint, lang)))


def text_fields(sid: str, data: dict, path: tuple, key: str, label: str, *,
                langs: list[str], missing: set, where: str, qtype: str | None = None,
                area: bool = False, hints: bool = True) -> None:
    """One localized field: the survey's languages side by side, a missing translation
    marked, hints under each."""
    item = item_at(data, path) if path[-1:] != ("scale",) else \
        (item_at(data, path[:-1]).get("scale") or {})
    cols = st.columns(len(langs)) if len(langs) <= 3 else None
    for i, tl in enumerate(langs):
        box = cols[i] if cols else st.container()
        widget = f"bf:{sid}:{where}.{key}:{tl}"
        if widget not in st.session_state:
            st.session_state[widget] = sb.localized_text(item.get(key), tl, langs[0])
        marker = f" ⚠️ {t('builder_missing', lang)}" \
            if (f"{where}.{key}".lstrip("."), tl) in missing else ""
        field_label = f"{label} · {language_name(tl)}{marker}"
        make = box.text_area if area else box.text_input
        make(field_label, key=widget, on_change=edit,
             args=(sid, f"{where}.{key}.{tl}".lstrip("."), set_text, path, key, tl, widget))
        if hints:
            with box:
                hints_caption(st.session_state[widget], tl, qtype)


# -- pictures --------------------------------------------------------------------------------


def choose_library_picture(sid: str, path: tuple, rel_name: str) -> None:
    from raati import pictures

    found = {p.path: p for p in pictures.library(config.defs_dir())}
    pic = found.get(rel_name)
    draft, data = load_draft(sid)
    if pic is None or draft is None:
        return
    sha = store.put_picture(pic.file.read_bytes(), "image/svg+xml" if pic.file.suffix == ".svg"
                            else survey_catalog.PICTURE_TYPES.get(pic.file.suffix, "image/png"),
                            licence=pic.licence, author=pic.author, alt=pic.alt,
                            source=pic.source)
    item = item_at(data, path)
    item["picture"] = pic.path
    item["picture_alt"] = {tl: pic.alt[tl] for tl in sb.languages(data) if pic.alt.get(tl)} \
        or {sb.languages(data)[0]: pic.alt.get("fi", pic.path)}
    save(sid, data, {**draft.pictures, pic.path: sha}, draft.based_on,
         f"picture {pic.path}")
    forget_fields(sid)


def remove_picture(sid: str, path: tuple) -> None:
    def change(data):
        item = item_at(data, path)
        item.pop("picture", None)
        item.pop("picture_alt", None)
    edit(sid, "picture removed", change)


def picture_editor(sid: str, data: dict, picture_dir, path: tuple, where: str,
                   langs: list[str], missing: set, label: str | None = None) -> None:
    from raati import pictures

    item = item_at(data, path)
    current = item.get("picture")
    if current:
        file = picture_dir / current if isinstance(current, str) else None
        cols = st.columns([1, 5])
        if file and file.is_file():
            cols[0].image(str(file), width=64)
        alt = sb.localized_text(item.get("picture_alt"), lang, langs[0]) or \
            sb.localized_text(item.get("picture_alt"), langs[0], langs[0])
        cols[1].caption(ui.plain(alt or current))
        cols[1].button(t("builder_picture_remove", lang), key=f"bf:{sid}:{where}:rmpic",
                       on_click=remove_picture, args=(sid, path))
        text_fields(sid, data, path, "picture_alt", t("builder_picture_alt", lang),
                    langs=langs, missing=missing, where=where, hints=False)
        return
    with st.expander(label or t("builder_picture_choose", lang)):
        query = st.text_input(t("builder_picture_search", lang), key=f"bf:{sid}:{where}:q",
                              placeholder=t("builder_picture_search_hint", lang))
        found = pictures.search(pictures.library(config.defs_dir()), query or "", lang)[:12]
        if not found:
            st.caption(t("builder_picture_none", lang))
        cols = st.columns(6)
        for i, pic in enumerate(found):
            with cols[i % 6]:
                st.image(str(pic.file), width=56, caption=pic.alt.get(lang) or pic.alt.get("fi"))
                st.button(t("builder_picture_pick", lang), key=f"bf:{sid}:{where}:pick:{pic.path}",
                          on_click=choose_library_picture, args=(sid, path, pic.path),
                          help=pic.alt.get(lang) or pic.path)
        st.divider()
        upload_form(sid, path, where, langs[0])


def upload_form(sid: str, path: tuple, where: str, default_lang: str) -> None:
    from raati import pictures

    with st.form(f"bf:{sid}:{where}:upload", clear_on_submit=False):  # kept after a refusal
        st.markdown(f"**{t('builder_upload_title', lang)}**")
        file = st.file_uploader(t("builder_upload_file", lang),
                                type=["png", "jpg", "jpeg", "webp", "gif", "svg"])
        licence = st.text_input(t("builder_upload_licence", lang),
                                placeholder="CC BY 4.0")
        author = st.text_input(t("builder_upload_author", lang))
        alt = st.text_input(t("builder_upload_alt", lang, language=language_name(default_lang)))
        sent = st.form_submit_button(t("builder_upload_save", lang))
    if not sent:
        return
    try:
        if file is None:
            raise pictures.PictureError("picture_empty")
        checked = pictures.check_upload(file.name, file.getvalue())
        pictures.check_licence(licence, author, {default_lang: alt} if alt.strip() else {},
                               default_lang)
    except pictures.PictureError as exc:
        st.error(exc.text(lang))
        return
    draft, data = load_draft(sid)
    sha = store.put_picture(checked.data, checked.mime, licence=licence, author=author,
                            alt={default_lang: alt.strip()}, source=f"upload {file.name}")
    stem = file.name.rsplit(".", 1)[0]
    rel = survey_catalog.picture_name(stem, checked.extension, draft.pictures)
    item = item_at(data, path)
    item["picture"] = rel
    item["picture_alt"] = {default_lang: alt.strip()}
    save(sid, data, {**draft.pictures, rel: sha}, draft.based_on, f"picture uploaded {rel}")
    forget_fields(sid)
    st.rerun()


# -- the editor ------------------------------------------------------------------------------


def question_editor(sid: str, data: dict, picture_dir, i: int, q: dict, langs: list[str],
                    missing: set, problems: list[str], count: int) -> None:
    qid = q.get("id", f"#{i + 1}")
    where = f"questions[{i + 1}]"
    qtype = q.get("type")
    with st.container(border=True):
        st.markdown(f"**{i + 1}. {ui.plain(t(TYPE_KEYS.get(qtype, 'qtype_likert'), lang))}**")
        st.caption(ui.plain(t("builder_question_id", lang, id=str(qid))))
        head = st.columns(4)
        open_key = f"bf:{sid}:open"

        def move(data, delta, i=i):  # the moved question stays open
            st.session_state[open_key] = sb.move_question(data, i, delta)

        def duplicate(data, i=i):  # the copy opens
            sb.duplicate_question(data, i)
            st.session_state[open_key] = i + 1
        head[0].button(t("builder_move_up", lang), icon="⬆️", key=f"bf:{sid}:{qid}:up",
                       disabled=i == 0,
                       on_click=edit, args=(sid, f"{qid} moved up", move, -1))
        head[1].button(t("builder_move_down", lang), icon="⬇️", key=f"bf:{sid}:{qid}:down",
                       disabled=i == count - 1,
                       on_click=edit, args=(sid, f"{qid} moved down", move, 1))
        head[2].button(t("builder_duplicate", lang), icon="📄", key=f"bf:{sid}:{qid}:dup",
                       on_click=edit, args=(sid, f"{qid} duplicated", duplicate))
        head[3].button(t("builder_remove", lang), icon="🗑️", key=f"bf:{sid}:{qid}:del",
                       disabled=count <= 1,
                       on_click=edit, args=(sid, f"{qid} removed", sb.remove_question, i))
        show_problems(problems, catalog.surveys.get(sid))
        type_key = f"bf:{sid}:{qid}:type"
        if type_key not in st.session_state:
            st.session_state[type_key] = qtype if qtype in sb.BUILDER_TYPES else "likert"

        def set_type(data, i=i, type_key=type_key):
            sb.set_question_type(data, i, st.session_state[type_key])
        st.selectbox(t("builder_type", lang), sb.BUILDER_TYPES, key=type_key,
                     format_func=lambda x: t(TYPE_KEYS[x], lang),
                     on_change=edit, args=(sid, f"{qid} type", set_type))
        path = ("questions", i)
        text_fields(sid, data, path, "text", t("builder_text", lang), langs=langs,
                    missing=missing, where=where, qtype=qtype)
        text_fields(sid, data, path, "easy", t("builder_easy", lang), langs=langs,
                    missing=missing, where=where, qtype=qtype)
        picture_editor(sid, data, picture_dir, path, where, langs, missing)
        if qtype in ("choice", "multi"):
            st.markdown(f"**{t('builder_options', lang)}**")
            options = q.get("options") or []
            for j, o in enumerate(options):
                oid = o.get("id", str(j))
                row = st.columns([8, 1, 1, 1])
                with row[0]:
                    text_fields(sid, data, (*path, "options", j), "label",
                                t("builder_option", lang, n=j + 1), langs=langs,
                                missing=missing, where=f"{where}.options[{j + 1}]")
                row[1].button("↑", key=f"bf:{sid}:{qid}:{oid}:up", disabled=j == 0,
                              help=t("builder_move_up", lang), on_click=edit,
                              args=(sid, f"{qid}.{oid} moved", sb.move_option, i, j, -1))
                row[2].button("↓", key=f"bf:{sid}:{qid}:{oid}:down",
                              disabled=j == len(options) - 1,
                              help=t("builder_move_down", lang), on_click=edit,
                              args=(sid, f"{qid}.{oid} moved", sb.move_option, i, j, 1))
                row[3].button("🗑", key=f"bf:{sid}:{qid}:{oid}:del",
                              help=t("builder_option_remove", lang), disabled=len(options) <= 2,
                              on_click=edit,
                              args=(sid, f"{qid}.{oid} removed", sb.remove_option, i, j))
                with row[0]:  # an option's own picture, as in palvelukahvila
                    picture_editor(sid, data, picture_dir, (*path, "options", j),
                                   f"{where}.options[{j + 1}]", langs, missing,
                                   label=t("builder_option_picture", lang, n=j + 1))
            st.button(t("builder_option_add", lang), key=f"bf:{sid}:{qid}:addopt",
                      on_click=edit, args=(sid, f"{qid} option added", sb.add_option, i))
        flags = st.columns(2) if qtype in ("likert", "grade", "choice") else [st.container()] * 2
        if qtype in ("likert", "grade", "choice"):
            ck = f"bf:{sid}:{qid}:comment"
            st.session_state.setdefault(ck, bool(q.get("comment")))

            def set_comment(data, i=i, ck=ck):
                if st.session_state[ck]:
                    data["questions"][i]["comment"] = True
                else:
                    data["questions"][i].pop("comment", None)
            set_comment.keeps_fields = True  # a tick: the other fields stay as they are
            flags[0].checkbox(t("builder_comment", lang), key=ck, on_change=edit,
                              args=(sid, f"{qid} comment box", set_comment))
        ok = f"bf:{sid}:{qid}:optional"
        st.session_state.setdefault(ok, bool(q.get("optional", qtype == "text")))

        def set_optional(data, i=i, ok=ok):
            data["questions"][i]["optional"] = bool(st.session_state[ok])
        set_optional.keeps_fields = True
        flags[1].checkbox(t("builder_optional", lang), key=ok, on_change=edit,
                          args=(sid, f"{qid} optional", set_optional))
        if qtype == "likert":
            with st.expander(t("builder_scale", lang)):
                st.caption(t("builder_scale_hint", lang))
                for point in (1, 2, 3, 4):
                    text_fields(sid, data, (*path, "scale"), point,
                                t("builder_scale_point", lang, n=point), langs=langs,
                                missing=missing, where=f"{where}.scale", hints=False)


def question_row(sid: str, data: dict, i: int, q: dict, langs: list[str],
                 problems: list[str], open_key: str) -> None:
    """A closed question: its number, text, type and problem count, and "Muokkaa"."""
    qid = q.get("id", f"#{i + 1}")
    text = sb.localized_text(q.get("text"), lang, langs[0]) or \
        sb.localized_text(q.get("text"), langs[0], langs[0]) or "…"
    with st.container(border=True):
        row = st.columns([7, 2])
        note = f" · ⚠️ {t('builder_problems', lang, n=len(problems))}" if problems else ""
        row[0].markdown(f"**{i + 1}.** {ui.plain(text)}  \n"
                        f"{ui.plain(t(TYPE_KEYS.get(q.get('type'), 'qtype_likert'), lang))}"
                        f" · `{ui.plain(str(qid))}`{note}")
        row[1].button(t("builder_edit", lang), key=f"bf:{sid}:{qid}:open",
                      on_click=st.session_state.__setitem__, args=(open_key, i))


def editor(survey_id: str) -> None:
    draft, data = load_draft(survey_id)
    langs = sb.languages(data)
    survey, problems = survey_catalog.draft_survey(store, draft)
    problems = problems + sb.missing_alt_texts(data)
    published = catalog.surveys.get(survey_id)
    if survey is not None:  # what publishing would refuse, said while editing
        facts = ui.computed(("answer_facts", survey_id, store.data_version()),
                            lambda: store.stored_answer_facts(survey_id))
        problems += survey_catalog.meaning_changes(survey, facts, published, survey_id)
    # draft_survey wrote the pictures already when the copy parsed; else write them here.
    picture_dir = survey.picture_dir if survey is not None else \
        survey_catalog.materialize_pictures(
            store, survey_catalog.pictures_root(store) / survey_id
            / f"draft-{draft.preview_token}", draft.pictures)
    grouped = sb.problems_by_question(problems)
    missing = set(sb.missing_translations(data))
    title = sb.localized_text(data.get("title"), lang, langs[0]) or \
        sb.localized_text(data.get("title"), langs[0], langs[0]) or survey_id
    st.title(t("builder_title", lang, title=title))
    st.caption(t("builder_based_on", lang, n=draft.based_on) if draft.based_on
               else t("builder_new", lang))
    error = st.session_state.pop("bf:error", None)
    if error:
        st.error(error)
    top = st.columns([2, 2, 2, 4])
    can_publish = may_publish()
    publish = top[0].button(t("builder_publish", lang), type="primary",
                            disabled=bool(problems) or not can_publish, key="bf:publish")
    if top[1].button(t("builder_back", lang), key="bf:back"):
        clear_builder_state()
        st.rerun()
    with top[2].popover(t("builder_discard", lang)):
        st.write(t("builder_discard_confirm", lang))
        if st.button(t("builder_discard_yes", lang), key="bf:discard", type="primary"):
            store.discard_survey_draft(survey_id)
            store.audit(user.name, "survey_draft_discard", survey_id)
            clear_builder_state()
            flash(t("builder_discarded", lang))
            st.rerun()
    if not can_publish:
        top[3].info(t("builder_publish_admins_only", lang))
    if problems:
        top[3].warning(t("builder_problems", lang, n=len(problems)))
    else:
        top[3].success(t("builder_valid", lang))
    if missing:
        st.caption("⚠️ " + t("builder_missing_n", lang, n=len(missing)))
    if publish:
        try:
            published = survey_catalog.publish(store, config.defs_dir(), draft.definition,
                                               draft.pictures, expected_version=draft.based_on
                                               if draft.based_on else None,
                                               name=survey_id)
        except (SurveyError, StoreError) as exc:
            lines = exc.problems if isinstance(exc, SurveyError) else [str(exc)]
            st.error(t("builder_publish_refused", lang))
            st.code("\n".join(lines), language=None)
        else:
            store.audit(user.name, "survey_publish", survey_id,
                        f"version {published.version} from the builder")
            clear_builder_state()
            flash(t("builder_published", lang, id=survey_id, n=published.version))
            st.rerun()

    left, right = st.columns([3, 2])
    # The questions scroll in their own box, so the preview beside them stays in view.
    with left, st.container(height=820, border=False, key="bf_questions"):
        with st.container(border=True):
            st.subheader(t("builder_survey_fields", lang))
            lk = f"bf:{survey_id}:languages"
            st.session_state.setdefault(lk, langs)

            def set_languages(data, lk=lk):
                chosen = [x for x in st.session_state[lk] if x in CLIENT_LANGUAGES]
                if not chosen:
                    raise sb.BuildError("builder_language_needed", "a survey needs a language")
                data["languages"] = chosen
            st.multiselect(t("builder_languages", lang), CLIENT_LANGUAGES, key=lk,
                           format_func=language_name, on_change=edit,
                           args=(survey_id, "languages", set_languages),
                           help=t("builder_languages_help", lang))
            show_problems(grouped.get(None, []), published)
            text_fields(survey_id, data, (), "title", t("builder_survey_title", lang),
                        langs=langs, missing=missing, where="")
            text_fields(survey_id, data, (), "intro", t("builder_intro", lang), langs=langs,
                        missing=missing, where="", area=True)
            text_fields(survey_id, data, (), "intro_easy", t("builder_intro_easy", lang),
                        langs=langs, missing=missing, where="", area=True)
        questions = data.get("questions") or []
        # One question open at a time (the others one line each): a long survey stays
        # quick to edit, and the preview shows the open question.
        open_key = f"bf:{survey_id}:open"
        st.session_state[open_key] = min(st.session_state.get(open_key, 0),
                                         max(0, len(questions) - 1))
        for i, q in enumerate(questions):
            if not isinstance(q, dict):
                continue
            if i == st.session_state[open_key]:
                question_editor(survey_id, data, picture_dir, i, q, langs, missing,
                                grouped.get(i, []), len(questions))
            else:
                question_row(survey_id, data, i, q, langs, grouped.get(i, []), open_key)
        add = st.columns([3, 2])
        new_type = add[0].selectbox(t("builder_add_type", lang), sb.BUILDER_TYPES,
                                    format_func=lambda x: t(TYPE_KEYS[x], lang),
                                    key=f"bf:{survey_id}:newtype")
        def add_question(data, key=f"bf:{survey_id}:newtype", open_key=open_key):
            sb.add_question(data, st.session_state[key])  # the type chosen at the click
            st.session_state[open_key] = len(data["questions"]) - 1  # opened to edit
        add[1].button(t("builder_add", lang), key=f"bf:{survey_id}:add", on_click=edit,
                      args=(survey_id, f"question added ({new_type})", add_question))
    with right:
        st.subheader(t("builder_preview", lang))
        if survey is None:
            st.info(t("builder_preview_broken", lang))
        else:
            numbers = list(range(0, len(survey.questions) + 1))
            opened = st.session_state.get(f"bf:{survey_id}:open", 0) + 1
            if st.session_state.get("bf:preview_follows") != opened:
                # The preview follows the question opened for editing.
                st.session_state["bf:preview_follows"] = opened
                st.session_state["bf:preview_at"] = min(opened, len(survey.questions))
            at = st.selectbox(t("builder_preview_at", lang), numbers, key="bf:preview_at",
                              format_func=lambda n: t("builder_preview_start", lang) if n == 0
                              else t("builder_preview_question", lang, n=n))
            rev = hashlib.sha256(draft.definition.encode("utf-8")).hexdigest()[:8]
            src = f"/vastaa?esikatselu={draft.preview_token}&v={rev}" + \
                (f"&kysymys={at}" if at else "")
            phone, tablet = st.tabs([t("builder_phone", lang), t("builder_tablet", lang)])
            # The real sizes (390×844, 1024×768) drawn smaller, so that a whole screen of
            # each fits beside the editor.
            st.html("<style>"
                    ".st-key-bf_phone{height:633px;overflow:hidden}"
                    ".st-key-bf_phone iframe{transform:scale(.75);transform-origin:0 0}"
                    ".st-key-bf_tablet{height:346px;overflow:hidden}"
                    ".st-key-bf_tablet iframe{transform:scale(.45);transform-origin:0 0}"
                    "</style>")
            with phone, st.container(key="bf_phone"):
                st.iframe(src, width=390, height=844, alt=t("builder_preview_alt", lang))
            with tablet, st.container(key="bf_tablet"):
                st.iframe(src + "&tabletti=1", width=1024, height=768,
                          alt=t("builder_preview_alt", lang))
            st.link_button(t("builder_preview_open", lang), src)


# -- the list --------------------------------------------------------------------------------


def export_zip(survey_id: str) -> bytes:
    text, pictures = survey_catalog.export(store, config.defs_dir(), survey_id)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{survey_id}/{survey_id}.yaml", text)
        for rel, data in pictures.items():
            z.writestr(f"{survey_id}/{rel}", data)
    return out.getvalue()


def open_editor(survey_id: str) -> None:
    try:
        survey_catalog.start_draft(store, config.defs_dir(), survey_id)
    except SurveyError as exc:
        st.session_state["bf:list_error"] = "\n".join(exc.problems)
        return
    store.audit(user.name, "survey_draft_start", survey_id)
    clear_builder_state()
    st.session_state.builder_survey = survey_id


def create_survey() -> None:
    template = st.session_state.get("bf_new_template") or ""
    try:
        sid = survey_catalog.create_draft(store, config.defs_dir(),
                                          st.session_state.get("bf_new_title") or "",
                                          st.session_state.get("bf_new_id") or "", template)
    except sb.BuildError as exc:
        st.session_state["bf:list_error"] = t(exc.key, lang, **exc.values)
        return
    except SurveyError as exc:
        st.session_state["bf:list_error"] = "\n".join(exc.problems)
        return
    store.audit(user.name, "survey_create", sid, f"from {template or 'empty'}")
    clear_builder_state()
    st.session_state.builder_survey = sid


def survey_list() -> None:
    st.title(t("surveys_title", lang))
    if catalog.problems:
        st.error(t("no_surveys", lang))
        st.code("\n".join(catalog.problems), language=None)
    error = st.session_state.pop("bf:list_error", None)
    if error:
        st.error(t("builder_cannot", lang))
        st.code(error, language=None)
    stored_n = sum(1 for src in catalog.sources.values() if src.kind == "stored")
    st.write(t("builder_surveys_count", lang, n=len(catalog.surveys),
               files=len(catalog.surveys) - stored_n, stored=stored_n, dir=str(config.defs_dir())))

    with st.expander(t("builder_create", lang), expanded=not catalog.surveys):
        st.text_input(t("builder_survey_title", lang), key="bf_new_title")
        st.text_input(t("builder_new_id", lang), key="bf_new_id",
                      help=t("builder_new_id_help", lang))
        st.selectbox(t("builder_template", lang), [""] + list(catalog.surveys),
                     key="bf_new_template",
                     format_func=lambda s: t("builder_template_empty", lang) if not s else
                     catalog.surveys[s].text(catalog.surveys[s].title, lang))
        st.button(t("builder_create_go", lang), type="primary", on_click=create_survey)

    if user.role == "admin":
        current = store.setting(PUBLISH_SETTING) or "staff"
        choice = st.radio(t("builder_who_publishes", lang), ("staff", "admin"),
                          index=0 if current == "staff" else 1, horizontal=True,
                          format_func=lambda x: t(f"builder_publishers_{x}", lang))
        if choice != current:
            store.set_setting(PUBLISH_SETTING, choice)
            store.audit(user.name, "setting", PUBLISH_SETTING, choice)
            st.rerun()

    counts = store.surveys_with_responses()
    stored = {s.id: s for s in store.stored_surveys()}
    for sid, survey in catalog.surveys.items():
        source = catalog.sources[sid]
        title = survey.text(survey.title, lang)
        with st.container(border=True):
            st.markdown(f"**{ui.plain(title)}** · `{sid}`")
            where = (t("builder_source_stored", lang, n=source.version) if source.kind == "stored"
                     else t("builder_source_file", lang, file=str(source.file)))
            bits = [where, t("questions_count", lang, n=len(survey.questions)),
                    t("builder_responses", lang, n=counts.get(sid, 0)),
                    ", ".join(language_name(code) for code in survey.languages)]
            if source.archived:
                bits.insert(0, t("builder_archived", lang))
            st.caption(ui.plain(" · ".join(bits)))
            if source.shadowed_file:
                st.caption(ui.plain(t("builder_shadowed", lang, file=str(source.shadowed_file))))
            row = st.columns(4)
            has_draft = sid in stored and stored[sid].has_draft
            row[0].button(t("builder_continue" if has_draft else "builder_edit", lang),
                          key=f"bl:edit:{sid}", on_click=open_editor, args=(sid,))
            row[1].download_button(t("builder_download", lang), data=lambda sid=sid: export_zip(sid),
                                   file_name=f"{sid}.zip", mime="application/zip",
                                   key=f"bl:dl:{sid}", on_click="ignore")
            if source.kind == "stored":
                archived = source.archived
                if row[2].button(t("builder_restore" if archived else "builder_archive", lang),
                                 key=f"bl:arch:{sid}"):
                    store.set_survey_archived(sid, not archived)
                    store.audit(user.name, "survey_restore" if archived else "survey_archive",
                                sid)
                    st.rerun()
                with row[3].popover(t("builder_delete", lang)):
                    st.write(t("builder_delete_confirm", lang))
                    if st.button(t("builder_delete_yes", lang), key=f"bl:del:{sid}",
                                 type="primary"):
                        try:
                            store.delete_stored_survey(sid)
                        except StoreError:
                            st.error(t("builder_delete_refused", lang))
                        else:
                            store.audit(user.name, "survey_delete", sid)
                            flash(t("builder_deleted", lang, id=sid))
                            st.rerun()
            with st.expander(t("builder_read_through", lang)):
                if survey.intro:
                    st.text(survey.text(survey.intro, lang))
                for n, q in enumerate(survey.questions, start=1):
                    cols = st.columns([1, 6])
                    picture = ui.picture_path(q.picture, survey)
                    if picture:
                        cols[0].image(str(picture), width=48)
                    cols[1].text(f"{n}. {survey.text(q.text, lang)}  [{q.type}]")
                    if q.easy:
                        cols[1].caption(f"{t('easy_version', lang)}: "
                                        + ui.plain(survey.text(q.easy, lang)))
                    if q.options:
                        cols[1].caption(" · ".join(ui.plain(survey.text(o.label, lang))
                                                   for o in q.options))
    drafts_only = [s for s in stored.values() if not s.version]
    if drafts_only:
        st.subheader(t("builder_drafts", lang))
        for s in drafts_only:
            row = st.columns([4, 1])
            row[0].markdown(f"`{s.id}` · {t('builder_unpublished', lang)}")
            row[1].button(t("builder_continue", lang), key=f"bl:edit:{s.id}",
                          on_click=open_editor, args=(s.id,))


editing = st.session_state.get("builder_survey")
if editing and store.survey_draft(editing) is not None:
    editor(editing)
else:
    st.session_state.pop("builder_survey", None)
    survey_list()

// Raati client pages: page language and direction, read-aloud buttons, kiosk timers and
// the "already answered" marker. Runs in the app's document, once per page load: the
// script's element stays the same from run to run (raati.ui.client_static). Each screen's
// settings are in the element #raati-config (raati.ui.client_step), which Streamlit
// replaces on every run, so the work is redone whenever the DOM changes.
(function () {
  "use strict";
  if (window.__raati) { window.__raati.refresh(); return; }
  const R = (window.__raati = {});
  let lastActivity = Date.now();
  let thanksSince = null, thanksNonce = null;
  // A panel kiosk (pages/panel.py): whether this person (data-person) touched the screen.
  let touched = false, personNonce = null;

  function cfg() {
    const el = document.getElementById("raati-config");
    return el ? el.dataset : null;
  }

  // -- read aloud ------------------------------------------------------------------------
  function voices() {
    return "speechSynthesis" in window ? window.speechSynthesis.getVoices() : [];
  }
  function voiceFor(tag) {
    const want = (tag || "").toLowerCase().replace("_", "-");
    const base = want.split("-")[0];
    const vs = voices();
    return vs.find((v) => v.lang.toLowerCase().replace("_", "-") === want)
      || vs.find((v) => v.lang.toLowerCase().replace("_", "-").split("-")[0] === base)
      || null;
  }
  function markVoices() {
    document.querySelectorAll("button.raati-say").forEach((b) => {
      const has = !!voiceFor(b.dataset.lang);
      b.classList.toggle("raati-novoice", !has);
      b.setAttribute("aria-label", has ? b.dataset.label : b.dataset.novoice);
      b.title = has ? b.dataset.label : b.dataset.novoice;
    });
  }
  function announce(text) {
    let live = document.getElementById("raati-live");
    if (!live) {
      live = document.createElement("div");
      live.id = "raati-live";
      live.setAttribute("role", "status");
      live.className = "raati-live";
      document.body.appendChild(live);
    }
    live.textContent = text;
    clearTimeout(R.liveTimer);
    R.liveTimer = setTimeout(() => { live.textContent = ""; }, 5000);
  }
  document.addEventListener("click", (e) => {
    const b = e.target.closest && e.target.closest("button.raati-say");
    if (!b) return;
    e.preventDefault();
    const v = voiceFor(b.dataset.lang);
    if (!v) { announce(b.dataset.novoice); return; }  // never read with a wrong voice
    window.speechSynthesis.cancel();
    const u = new SpeechSynthesisUtterance(b.dataset.say);
    u.lang = b.dataset.lang;
    u.voice = v;
    u.rate = 0.9;
    window.speechSynthesis.speak(u);
  });
  if ("speechSynthesis" in window) {
    window.speechSynthesis.addEventListener("voiceschanged", markVoices);
  }

  // -- kiosk -----------------------------------------------------------------------------
  function restart(url) {
    try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) { /* */ }
    if ("speechSynthesis" in window) window.speechSynthesis.cancel();
    window.location.replace(url);  // no history entry: Back cannot return to it
  }
  function idleBox(c) {
    let box = document.getElementById("raati-idle");
    if (box) return box;
    box = document.createElement("div");
    box.id = "raati-idle";
    box.className = "raati-idle";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", "raati-idle-title");
    box.setAttribute("aria-describedby", "raati-idle-text");
    // Built with DOM calls: the script must hold no markup (Streamlit sanitizes it).
    const card = document.createElement("div");
    card.className = "raati-idle-card";
    const title = document.createElement("h2");
    title.id = "raati-idle-title";
    const text = document.createElement("p");
    text.id = "raati-idle-text";
    text.setAttribute("aria-live", "assertive");
    const go = document.createElement("button");
    go.type = "button";
    go.id = "raati-idle-continue";
    card.append(title, text, go);
    box.append(card);
    document.body.appendChild(box);
    box.querySelector("#raati-idle-continue").addEventListener("click", () => {
      lastActivity = Date.now();
      box.hidden = true;
    });
    return box;
  }
  function showIdle(c, left) {
    const box = idleBox(c);
    box.querySelector("#raati-idle-title").textContent = c.idleTitle;
    box.querySelector("#raati-idle-text").textContent = c.idleBody.replace("{s}", left);
    box.querySelector("#raati-idle-continue").textContent = c.idleContinue;
    if (box.hidden !== false || !box.dataset.shown) {
      box.hidden = false;
      box.dataset.shown = "1";
      box.querySelector("#raati-idle-continue").focus();
    }
  }
  function hideIdle() {
    const box = document.getElementById("raati-idle");
    if (box && !box.hidden) { box.hidden = true; delete box.dataset.shown; }
  }
  ["pointerdown", "keydown", "input", "touchstart", "wheel"].forEach((t) =>
    document.addEventListener(t, (e) => {
      const box = document.getElementById("raati-idle");
      if (box && !box.hidden && !box.contains(e.target)) return;  // only "continue" wakes
      lastActivity = Date.now();
      touched = true;
    }, true));

  function tick() {
    const c = cfg();
    if (!c || c.kiosk !== "1") { hideIdle(); return; }
    const now = Date.now();
    if (c.screen === "thanks") {
      hideIdle();
      if (thanksNonce !== c.nonce) { thanksNonce = c.nonce; thanksSince = now; }
      const left = Math.ceil(Number(c.thanks) - (now - thanksSince) / 1000);
      const el = document.getElementById("raati-thanks-left");
      if (el) el.textContent = String(Math.max(left, 0));
      if (left <= 0) restart(c.restart);
      return;
    }
    thanksNonce = null;
    if ((c.screen || "").indexOf("panel-") === 0) {
      // A panel session's kiosk: cleared for the next person (a reload of the kiosk link:
      // a fresh device) only once this person has touched it, so an unused tablet rests.
      if (personNonce !== c.person) {  // Seuraava henkilö: the next person starts untouched
        if (personNonce !== null) touched = false;
        personNonce = c.person;
      }
      if (!touched) { hideIdle(); return; }
    } else {
      if (c.screen !== "question" && c.screen !== "review" && c.screen !== "start") return;
      if (c.screen === "start" && c.dirty !== "1") { hideIdle(); return; }
    }
    const idle = (now - lastActivity) / 1000;
    const warn = Number(c.warn);
    if (idle < Number(c.idle)) { hideIdle(); return; }
    const left = Math.ceil(Number(c.idle) + warn - idle);
    if (left <= 0) restart(c.restart); else showIdle(c, left);
  }

  // -- a panel session's idea box: its counter (pages/panel.py) ----------------------------
  // Streamlit's own counter comes with max_chars, which drops a paste that would go over
  // the limit; this one counts what is in the box (characters, as the server does) and
  // says when it is too long, and the text stays for the person to shorten.
  const IDEA_BOX = '[class*="st-key-panel_idea_text"] textarea';
  function setText(el, text) { if (el && el.textContent !== text) el.textContent = text; }
  function countIdea() {
    const out = document.getElementById("raati-idea-counter");
    const box = document.querySelector(IDEA_BOX);
    if (!out || !box) return;
    const n = Array.from(box.value.normalize("NFC")).length;
    const over = n > Number(out.dataset.max);
    setText(out.querySelector(".raati-count"), String(n));
    setText(out.querySelector(".raati-over-text"), over ? out.dataset.over : "");
    if (out.classList.contains("raati-over") !== over) out.classList.toggle("raati-over", over);
    const described = (box.getAttribute("aria-describedby") || "").split(" ");
    if (described.indexOf(out.id) < 0) {
      box.setAttribute("aria-describedby", described.concat(out.id).join(" ").trim());
    }
  }
  document.addEventListener("input", (e) => {
    if (e.target.matches && e.target.matches(IDEA_BOX)) countIdea();
  }, true);

  // -- the page --------------------------------------------------------------------------
  R.refresh = function () {
    const c = cfg();
    if (!c) { markVoices(); return; }  // a staff page's read-aloud (the plain results view)
    document.documentElement.lang = c.lang;
    document.documentElement.dir = c.dir;
    document.documentElement.classList.toggle("raati-kiosk", c.kiosk === "1");
    const panelPage = (c.screen || "").indexOf("panel") === 0;
    if (document.documentElement.classList.contains("raati-panel") !== panelPage) {
      document.documentElement.classList.toggle("raati-panel", panelPage);
    }
    if (panelPage) countIdea();
    // A panel session's device token (raati.panels): random, for this site only, kept
    // two days (a meeting), so a phone that slept or reloaded keeps its ideas and dots.
    if (c.panelCookie && c.panelToken) {
      document.cookie = c.panelCookie + "=" + encodeURIComponent(c.panelToken) +
        "; path=/; max-age=172800; SameSite=Strict";
    }
    // A phone's display settings on a panel page ("lang,big,contrast", e.g. "ar,1,0"):
    // a reload keeps them. Never set on a kiosk (pages/panel.py sends none there).
    if (c.panelPrefs && /^[a-z]{2},[01],[01]$/.test(c.panelPrefs)) {
      document.cookie = "raati_panel_prefs=" + c.panelPrefs +
        "; path=/; max-age=15552000; SameSite=Strict";
    }
    if (c.answered) {
      document.cookie = "raati_done_" + c.answered + "=1; path=/; max-age=31536000; SameSite=Strict";
    }
    // Kiosk mode was left with the PIN: for good in this browser. The cookie says only
    // that (round N); the kiosk token leaves this page's address (no new history entry),
    // so a reload does not open the kiosk again. Opening the kiosk link again does
    // (kioskBack: that page forgets the cookie).
    if (c.kioskLeft) {
      document.cookie = "raati_kiosk_left_" + c.kioskLeft + "=1; path=/; max-age=31536000; SameSite=Strict";
      const url = new URL(window.location.href);
      if (url.searchParams.has("kiosk")) {
        url.searchParams.delete("kiosk");
        window.history.replaceState(window.history.state, "", url.toString());
      }
    } else if (c.kioskBack && new RegExp("(^|; )raati_kiosk_left_" + c.kioskBack + "=").test(document.cookie)) {
      document.cookie = "raati_kiosk_left_" + c.kioskBack + "=; path=/; max-age=0; SameSite=Strict";
    }
    markVoices();
    // A new screen starts at its top, and a screen reader starts at its question.
    const where = c.screen + ":" + c.step;
    if (R.lastScreen !== undefined && R.lastScreen !== where) {
      window.scrollTo(0, 0);
      document.querySelectorAll('[data-testid="stMain"], section.main').forEach((m) => m.scrollTo(0, 0));
      const q = document.querySelector(".raati-q p, h1");
      if (q) { q.setAttribute("tabindex", "-1"); q.focus({ preventScroll: true }); }
    }
    R.lastScreen = where;
  };
  let pending = false;
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; R.refresh(); });
  }).observe(document.body, { childList: true, subtree: true });
  setInterval(tick, 1000);
  R.refresh();
})();

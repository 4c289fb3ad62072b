// Raati's closing-event presentation (pages/presentation.py): keys and presenter remotes
// move the slides by clicking the page's own buttons (.st-key-pres_next etc.), so the
// server decides, as for a mouse click. Remotes send PageDown/PageUp (some arrows);
// Space and arrows down/up as in PowerPoint. Installed once per page load; it acts only
// while a slide (.raati-pres) is on the page and never while typing in a field.
(function () {
  "use strict";
  if (window.__raatiPresentation) return;
  window.__raatiPresentation = true;
  const KEYS = {
    ArrowRight: "next", PageDown: "next", ArrowDown: "next", " ": "next", Spacebar: "next",
    ArrowLeft: "prev", PageUp: "prev", ArrowUp: "prev", Backspace: "prev",
    Home: "first", End: "last",
  };
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (!document.querySelector(".raati-pres")) return;
    const target = event.target;
    if (target && (target.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    const which = KEYS[event.key];
    if (!which) return;
    const button = document.querySelector(".st-key-pres_" + which + " button");
    event.preventDefault();  // no page scroll, no second click of a focused button
    if (button && !button.disabled) button.click();
  }, true);
})();

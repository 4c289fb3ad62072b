// Streamlit's file uploader (1.67) has its words in English only and no parameter for
// them (streamlit/streamlit#13500). This puts the page's own words in their place: the
// button, the drop hint, the size line and the input's accessible name. The words come
// in window.__raatiUploaderWords, set by the page in its language just before this
// script (raati.ui.translate_uploader); an observer applies them again when Streamlit
// redraws the uploader.
(function () {
  const doc = window.parent && window.parent.document ? window.parent.document : document;
  function words() {
    return window.__raatiUploaderWords || null;
  }
  function setText(node, text) {
    if (node && text && node.textContent !== text) node.textContent = text;
  }
  function apply() {
    const w = words();
    if (!w) return;
    doc.querySelectorAll('[data-testid="stFileUploaderDropzone"]').forEach(function (zone) {
      setText(zone.querySelector('button [data-testid="stMarkdownContainer"] p'), w.button);
      const size = zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span');
      if (size && w.size) {
        const types = size.textContent.split("•").slice(1).join("•").trim();
        setText(size, types ? w.size + " • " + types : w.size);
      }
      zone.querySelectorAll("span, div").forEach(function (node) {
        if (node.children.length === 0 && /^Drag and drop/.test(node.textContent)) {
          setText(node, w.drop);
        }
      });
      const input = zone.querySelector('[data-testid="stFileUploaderDropzoneInput"]');
      if (input && w.label && input.getAttribute("aria-label") !== w.label) {
        input.setAttribute("aria-label", w.label);
      }
    });
    // A chosen file: its remove button ("Remove v.csv") and the add button ("Add files").
    doc.querySelectorAll('[data-testid="stFileChipDeleteBtn"] button').forEach(function (b) {
      const chip = b.closest('[data-testid="stFileChip"]') || b.parentElement.parentElement;
      const name = chip && chip.querySelector('[data-testid="stFileChipName"]');
      const label = w.remove + (name ? ": " + name.textContent : "");
      if (w.remove && b.getAttribute("aria-label") !== label) b.setAttribute("aria-label", label);
    });
    doc.querySelectorAll('[data-testid="stFileUploader"] button[aria-label="Add files"]')
      .forEach(function (b) { if (w.add) b.setAttribute("aria-label", w.add); });
  }
  if (!doc.__raatiUploaderObserver) {
    doc.__raatiUploaderObserver = new MutationObserver(apply);
    doc.__raatiUploaderObserver.observe(doc.body, {childList: true, subtree: true, characterData: true});
  }
  apply();
})();

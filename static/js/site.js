// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // ---- Copy link / copy citation, with a fallback when the clipboard
  // API is missing (plain http, old browsers) or refused.
  function showFallback(button, text) {
    var field = document.createElement("input");
    field.type = "text";
    field.readOnly = true;
    field.value = text;
    field.className = "copy-fallback";
    field.setAttribute("aria-label", "Press Ctrl+C (or ⌘C) to copy");
    button.insertAdjacentElement("afterend", field);
    field.focus();
    field.select();
    field.addEventListener("blur", function () { field.remove(); });
  }

  function announce(button, message) {
    var status = button.parentElement.querySelector(".copy-status");
    if (!status) {
      status = document.createElement("span");
      status.className = "copy-status";
      status.setAttribute("role", "status");
      button.insertAdjacentElement("afterend", status);
    }
    status.textContent = message;
    window.setTimeout(function () { status.textContent = ""; }, 2500);
  }

  // Rich text (text/html beside text/plain) where the browser can write it:
  // a citation pasted into Word keeps its italics and its link.
  function writeRich(text, html) {
    if (!html || typeof window.ClipboardItem !== "function" || !navigator.clipboard.write) {
      return Promise.reject(new Error("no rich clipboard"));
    }
    return navigator.clipboard.write([new window.ClipboardItem({
      "text/plain": new Blob([text], { type: "text/plain" }),
      "text/html": new Blob([html], { type: "text/html" })
    })]);
  }

  function copyText(button) {
    var text = button.dataset.copy;
    if (button.dataset.copyKind === "link") {
      text = new URL(text, window.location.href).href;
    }
    var html = button.dataset.copyHtml;
    var source = button.dataset.copyFrom && document.getElementById(button.dataset.copyFrom);
    if (source) { html = source.innerHTML; }
    if (!navigator.clipboard || !window.isSecureContext) {
      showFallback(button, text);
      return;
    }
    function copied() { announce(button, "Copied"); }
    writeRich(text, html).then(copied, function () {
      navigator.clipboard.writeText(text).then(copied, function () { showFallback(button, text); });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (button) {
      event.preventDefault();
      copyText(button);
    }
  });

  // ---- The change navigator: previous / next, and the keys j / k.
  var current = -1;

  function changes() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-change]"));
  }

  function updateNavigator() {
    var list = changes();
    document.querySelectorAll("[data-change-position]").forEach(function (output) {
      output.textContent = list.length === 0
        ? "No changes"
        : (current < 0 ? list.length + (list.length === 1 ? " change" : " changes")
                       : "Change " + (current + 1) + " of " + list.length);
    });
    document.querySelectorAll("[data-change-step]").forEach(function (button) {
      button.disabled = list.length === 0;
    });
  }

  function go(step) {
    var list = changes();
    if (list.length === 0) { return; }
    if (current >= 0 && list[current]) { list[current].classList.remove("change-current"); }
    current = current < 0 ? (step > 0 ? 0 : list.length - 1) : (current + step + list.length) % list.length;
    var target = list[current];
    target.classList.add("change-current");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center", behavior: "auto" });
    updateNavigator();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-change-step]");
    if (button) {
      event.preventDefault();
      go(Number(button.dataset.changeStep));
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea" || event.target.isContentEditable) { return; }
    if (!document.querySelector("[data-change-position]")) { return; }
    if (event.key === "j") { event.preventDefault(); go(1); }
    if (event.key === "k") { event.preventDefault(); go(-1); }
  });

  // Controls that need JavaScript are hidden in the HTML and shown here.
  function enhance(root) {
    root.querySelectorAll("[data-needs-js]").forEach(function (element) {
      element.hidden = false;
    });
    current = -1;
    updateNavigator();
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (event) { enhance(event.target); });
})();

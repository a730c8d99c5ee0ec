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

  function copyText(button) {
    var text = button.dataset.copy;
    if (button.dataset.copyKind === "link") {
      text = new URL(text, window.location.href).href;
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { announce(button, "Copied"); },
        function () { showFallback(button, text); }
      );
    } else {
      showFallback(button, text);
    }
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

  // The search form sends every field; the address it pushes keeps only
  // those filled in (?q=spam, not ?q=spam&resolution=&edition=...).
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.detail.elt.closest(".search-form")) { return; }
    var parameters = event.detail.parameters;
    Object.keys(parameters).forEach(function (name) {
      if (parameters[name] === "") { delete parameters[name]; }
    });
  });

  // The search answers bad filters with a 400 page that says what is wrong;
  // htmx leaves error answers out unless told to show them.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400 && event.detail.target.id === "search-results") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Back or forward to a page htmx cannot restore (say, a 400 answer that
  // explains a bad search): load it whole instead of leaving the old one.
  document.addEventListener("htmx:historyCacheMissLoadError", function () {
    window.location.reload();
  });

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:afterSettle", function (event) { enhance(event.target); });
})();

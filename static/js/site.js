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

  // ---- The change navigator: previous / next, and the keys j / k. The
  // current change is remembered by its row's id, so that it survives the
  // htmx swaps (another view, changes only) that replace the rows.
  var currentId = null;

  function changes() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-change]"));
  }

  function currentIndex(list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].id === currentId) { return i; }
    }
    return -1;
  }

  function updateNavigator() {
    var list = changes();
    var index = currentIndex(list);
    list.forEach(function (row, i) { row.classList.toggle("change-current", i === index); });
    document.querySelectorAll("[data-change-position]").forEach(function (output) {
      output.textContent = list.length === 0
        ? "No changes"
        : (index < 0 ? list.length + (list.length === 1 ? " change" : " changes")
                     : "Change " + (index + 1) + " of " + list.length);
    });
    document.querySelectorAll("[data-change-step]").forEach(function (button) {
      button.disabled = list.length === 0;
    });
  }

  function go(step) {
    var list = changes();
    if (list.length === 0) { return; }
    var index = currentIndex(list);
    index = index < 0 ? (step > 0 ? firstBelowToolbar(list) : list.length - 1) : (index + step + list.length) % list.length;
    var target = list[index];
    currentId = target.id;
    updateNavigator();
    // Focusable without a tab stop; set here rather than on every row of the page.
    target.tabIndex = -1;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center", behavior: "auto" });
  }

  // The first change from where the reader is, rather than from the top.
  function firstBelowToolbar(list) {
    var top = toolbarBottom();
    for (var i = 0; i < list.length; i++) {
      if (list[i].getBoundingClientRect().bottom > top) { return i; }
    }
    return 0;
  }

  function toolbarBottom() {
    var toolbar = document.querySelector(".toolbar");
    if (!toolbar || getComputedStyle(toolbar).position !== "sticky") { return 0; }
    return Math.max(0, toolbar.getBoundingClientRect().bottom);
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

  // ---- Keep the reader's place. A place is the row being read (the current
  // change when it is on screen, else the first row below the toolbar), its
  // distance from the top of the window, and the rows after it, for when
  // the next view does not show that row (an unchanged clause under
  // "changes only").
  function readingPlace() {
    var rows = Array.prototype.slice.call(document.querySelectorAll(".redline > .row[id]"));
    if (rows.length === 0) { return null; }
    var top = toolbarBottom();
    var at = -1;
    var current = currentId && document.getElementById(currentId);
    if (current) {
      var box = current.getBoundingClientRect();
      if (box.bottom > top && box.top < window.innerHeight) { at = rows.indexOf(current); }
    }
    for (var i = 0; at < 0 && i < rows.length; i++) {
      if (rows[i].getBoundingClientRect().bottom > top) { at = i; }
    }
    if (at < 0) { return null; }
    return {
      ids: rows.slice(at, at + 60).map(function (row) { return row.id; }),
      offset: rows[at].getBoundingClientRect().top,
      current: currentId,
      scrolled: window.scrollY > 0
    };
  }

  function restorePlace(place) {
    if (!place) { return; }
    currentId = place.current;
    updateNavigator();
    if (!place.scrolled) { return; }
    for (var i = 0; i < place.ids.length; i++) {
      var row = document.getElementById(place.ids[i]);
      if (row) {
        window.scrollBy(0, row.getBoundingClientRect().top - place.offset);
        return;
      }
    }
  }

  var pendingPlace = null;

  document.addEventListener("htmx:beforeRequest", function (event) {
    var trigger = event.detail.elt;
    if (trigger && trigger.closest && trigger.closest("[data-keep-place], .toolbar form")) {
      pendingPlace = readingPlace();
    }
  });

  // Back and Forward: htmx keeps no page copies (historyCacheSize 0), so
  // the place of each address is kept in sessionStorage (this tab only;
  // no cookie) and put back when that address is restored.
  function placeKey(path) { return "place:" + path; }

  document.addEventListener("htmx:beforeHistorySave", function (event) {
    try {
      var place = readingPlace();
      if (place) { window.sessionStorage.setItem(placeKey(event.detail.path), JSON.stringify(place)); }
    } catch (error) { /* storage refused: Back still works, from the top */ }
  });

  document.addEventListener("htmx:historyRestore", function (event) {
    var place = null;
    try { place = JSON.parse(window.sessionStorage.getItem(placeKey(event.detail.path)) || "null"); } catch (error) { place = null; }
    enhance(document);
    window.setTimeout(function () { restorePlace(place); }, 0);
  });

  // ---- A clause's history, opened in place under its row. In the HTML the
  // History links are plain links to the clause page; this one listener
  // opens them in place, so the rows carry no htmx attributes of their own
  // (the comparison is the heaviest page: 89 rows and more).
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".redline .history-link");
    if (!link || !window.htmx || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    var row = link.closest(".row");
    var detail = document.getElementById("detail-" + row.id);
    if (!detail) {
      detail = document.createElement("div");
      detail.className = "row-detail";
      detail.id = "detail-" + row.id;
      row.appendChild(detail);
    }
    window.htmx.ajax("GET", link.getAttribute("href"), { target: detail, swap: "innerHTML" });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-close-detail]");
    if (!button) { return; }
    var detail = button.closest(".row-detail");
    var row = detail && detail.closest(".row");
    if (detail) { detail.remove(); }
    var link = row && row.querySelector(".history-link");
    if (link) { link.focus({ preventScroll: true }); }
  });

  // Inside the comparison, the history's link to this very comparison
  // would only reload the page being read: it is hidden there.
  function hideLinksToThisComparison(root) {
    var redline = document.querySelector(".redline[data-comparison]");
    if (!redline) { return; }
    root.querySelectorAll("[data-comparison-link]").forEach(function (link) {
      link.hidden = link.dataset.comparisonLink === redline.dataset.comparison;
    });
  }

  // Controls that need JavaScript are hidden in the HTML and shown here.
  function enhance(root) {
    root.querySelectorAll("[data-needs-js]").forEach(function (element) {
      element.hidden = false;
    });
    hideLinksToThisComparison(root);
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
  document.addEventListener("htmx:afterSettle", function (event) {
    enhance(event.target);
    if (pendingPlace && event.target.id === "comparison") {
      restorePlace(pendingPlace);
      pendingPlace = null;
    }
  });
})();

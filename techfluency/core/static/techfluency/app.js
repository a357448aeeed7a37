// Progressive enhancement only: every flow works without this file.
(function () {
  "use strict";

  // Sign-up: fill the time zone from the browser, if the list knows it.
  function detectTimezone() {
    var form = document.querySelector("form[data-detect-timezone]");
    if (!form) return;
    var select = form.querySelector("select[name=timezone]");
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { return; }
    if (select && zone && select.value === "UTC" && select.querySelector('option[value="' + zone + '"]')) {
      select.value = zone;
    }
  }

  function focusFeedback(root) {
    var target = (root || document).querySelector("[data-focus]");
    if (target) { target.focus(); }
  }

  // SQL editor: Tab indents, Esc then Tab leaves (no keyboard trap), Ctrl/Cmd+Enter runs,
  // and the draft is saved to the server a moment after typing stops and on blur.
  function enhanceEditor() {
    var form = document.getElementById("sql-editor");
    if (!form) return;
    var area = form.querySelector("textarea[name=sql]");
    var dialect = form.querySelector("select[name=dialect]");
    var escaped = false;
    var timer = null;
    var lastSaved = area.value + "\u0000" + dialect.value;
    function save() {
      var current = area.value + "\u0000" + dialect.value;
      if (current === lastSaved || !form.dataset.draftUrl) return;
      var body = new FormData(form);
      fetch(form.dataset.draftUrl, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { if (response.ok) { lastSaved = current; } });
    }
    function later() { clearTimeout(timer); timer = setTimeout(save, 1500); }
    area.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { escaped = true; return; }
      if (event.key === "Tab" && !escaped && !event.shiftKey) {
        event.preventDefault();
        var start = area.selectionStart, end = area.selectionEnd;
        area.setRangeText("  ", start, end, "end");
        later();
        return;
      }
      escaped = false;
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        var run = form.querySelector("[data-run]");
        if (run) { run.click(); }
      }
    });
    area.addEventListener("input", later);
    area.addEventListener("blur", save);
    dialect.addEventListener("change", save);
    window.addEventListener("pagehide", save);
  }

  document.addEventListener("DOMContentLoaded", function () {
    detectTimezone();
    enhanceEditor();
    if (window.htmx) {
      // Show the server's 400 form (its message says what was wrong) instead of ignoring it.
      htmx.config.responseHandling = [
        { code: "204", swap: false },
        { code: "[23]..", swap: true },
        { code: "4..", swap: true, error: false },
        { code: "5..", swap: false, error: true },
      ];
      document.body.addEventListener("htmx:afterSwap", function (event) {
        focusFeedback(event.detail.target.parentNode);
        var announcer = document.getElementById("answer-announcer");
        var feedback = document.querySelector("#question-card .feedback");
        if (announcer && feedback) { announcer.textContent = feedback.textContent.replace(/\s+/g, " ").trim(); }
      });
    }
  });
})();

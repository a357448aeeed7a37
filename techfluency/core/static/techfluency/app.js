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

  // Interview answers: autosave every few seconds and on blur, a live character count, and
  // an optional countdown that only informs: submitting always stays possible.
  function enhanceAnswerForm() {
    var form = document.querySelector("form.answer-form");
    if (!form) return;
    var area = form.querySelector("textarea[name=text]");
    var count = form.querySelector("[data-count]");
    var lastSaved = area.value;
    function save() {
      if (area.value === lastSaved || !form.dataset.draftUrl) return;
      var body = new FormData();
      body.append("text", area.value);
      body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      var sent = area.value;
      fetch(form.dataset.draftUrl, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { if (response.ok) { lastSaved = sent; } });
    }
    setInterval(save, 3000);
    area.addEventListener("blur", save);
    window.addEventListener("pagehide", save);
    area.addEventListener("input", function () { if (count) { count.textContent = area.value.length; } });

    var select = form.querySelector("select[name=timer_seconds]");
    var display = form.querySelector("[data-timer]");
    var announce = form.querySelector("[data-timer-announce]");
    var tick = null;
    if (!select || !display) return;
    select.addEventListener("change", function () {
      clearInterval(tick);
      var left = parseInt(select.value, 10);
      if (!left) { display.hidden = true; return; }
      display.hidden = false;
      display.classList.remove("over");
      function show() {
        var minutes = Math.floor(left / 60), seconds = left % 60;
        display.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds + " left";
        if (left === 30 && announce) { announce.textContent = "30 seconds left"; }
        if (left <= 0) {
          clearInterval(tick);
          display.textContent = "Time's up. Finish your sentence and submit when ready.";
          display.classList.add("over");
          if (announce) { announce.textContent = "Time is up. You can still submit."; }
        }
        left -= 1;
      }
      show();
      tick = setInterval(show, 1000);
    });
  }

  // Glossary: filter as you type; the form still searches on the server without JavaScript.
  function enhanceFilter() {
    var input = document.querySelector("input[data-filter]");
    if (!input) return;
    var list = document.querySelector(input.dataset.filter);
    var counter = document.querySelector("[data-filter-count]");
    input.addEventListener("input", function () {
      var needle = input.value.trim().toLowerCase();
      var shown = 0;
      list.querySelectorAll("[data-search]").forEach(function (entry) {
        var match = !needle || entry.dataset.search.indexOf(needle) !== -1;
        entry.hidden = !match;
        if (match) { shown += 1; }
      });
      if (counter) { counter.textContent = shown + (shown === 1 ? " term" : " terms") + (needle ? " matching \u201c" + input.value.trim() + "\u201d" : ""); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    detectTimezone();
    enhanceFilter();
    enhanceEditor();
    enhanceAnswerForm();
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

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

  document.addEventListener("DOMContentLoaded", function () {
    detectTimezone();
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

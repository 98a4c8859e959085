/* Progressive enhancement for the public pages; every page works without it.
   - Quick exit: leave with location.replace() so that Back does not return here; Escape pressed
     twice quickly does the same (and only then is it promised: the hint is shown from here).
     The link goes to our own exit page, which ends an open mailbox before it leaves.
   - Mailbox: warn two minutes before the idle timeout ends the session.
   - Consent form: show the name and contact fields only when "reveal who I am" is ticked. */
(function () {
  "use strict";

  var exit = document.getElementById("quick-exit");
  if (exit) {
    var leave = function (event) {
      if (event) { event.preventDefault(); }
      document.body.hidden = true;
      window.location.replace(exit.href);
    };
    exit.addEventListener("click", leave);
    var lastEscape = 0;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" && event.key !== "Esc") { return; }
      var now = Date.now();
      if (now - lastEscape < 1000) { leave(event); }
      lastEscape = now;
    });
    var hint = document.getElementById("escape-hint");
    if (hint) { hint.hidden = false; }
  }

  var idle = document.getElementById("idle-warning");
  if (idle) {
    var seconds = parseInt(idle.getAttribute("data-idle-seconds"), 10);
    if (seconds > 0) {
      // Any page load slides the session; typing does not reach the server, so warn in time.
      window.setTimeout(function () { idle.hidden = false; }, Math.max(seconds - 120, seconds / 2) * 1000);
    }
  }

  var reveal = document.getElementById("id_reveal_identity");
  var identity = document.getElementById("identity-fields");
  if (reveal && identity) {
    var inputs = identity.querySelectorAll("input");
    var sync = function () {
      identity.hidden = !reveal.checked;
      for (var i = 0; i < inputs.length; i += 1) {
        inputs[i].required = reveal.checked;
      }
    };
    reveal.addEventListener("change", sync);
    sync();
  }

  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();

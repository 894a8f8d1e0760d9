// Public and guest pages: say the party's time in the visitor's own zone too, when it differs.
(function () {
  "use strict";
  var time = document.querySelector("[data-local-time]");
  var out = document.querySelector("[data-visitor-time]");
  if (!time || !out || !window.Intl) { return; }
  var start = new Date(time.getAttribute("datetime"));
  var end = new Date(time.getAttribute("data-end"));
  if (isNaN(start) || isNaN(end)) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var partyOffset = time.getAttribute("datetime").slice(-6);
  var here = -start.getTimezoneOffset();
  var sign = here >= 0 ? "+" : "-";
  var abs = Math.abs(here);
  var ownOffset = sign + String(Math.floor(abs / 60)).padStart(2, "0") + ":" + String(abs % 60).padStart(2, "0");
  if (ownOffset === partyOffset || (partyOffset === "+00:00" && ownOffset === "+00:00")) { return; }
  var day = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
  var clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
  out.textContent = "In your time zone (" + zone.replace(/_/g, " ") + "): " + day.format(start) + "–" + clock.format(end);
  out.hidden = false;
})();

// Pre-select the browser's own time zone on the account form, unless the host picked one.
(function () {
  "use strict";
  var select = document.querySelector(".js-detect-timezone select");
  if (!select || !window.Intl) { return; }
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (select.value === "UTC" && zone) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === zone) { select.value = zone; break; }
    }
  }
})();

// "Copy link" buttons next to invitation links; without JavaScript the link field can be copied by hand.
(function () {
  "use strict";
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    button.hidden = false;
    // A button may name whose link it copies in words only a screen reader hears ("Copy the
    // link for Mina"): only its first word changes, in data-copy-state, so the rest stays.
    var state = button.querySelector("[data-copy-state]");
    var word = state || button;
    var before = word.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        word.textContent = "Copied";
        setTimeout(function () { word.textContent = before; }, 2000);
      }, function () {
        field.select();
      });
    });
  });
})();

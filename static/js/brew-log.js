// On the brew log: picking a vessel fills in its size and re-sizes the leaf to match.
(function () {
  "use strict";
  var form = document.querySelector("form[data-grams-per-100ml]");
  if (!form) { return; }
  var gramsPer100 = Number(form.getAttribute("data-grams-per-100ml"));
  var ware = form.querySelector("#teaware_id");
  var vessel = form.querySelector("#vessel_ml");
  var grams = form.querySelector("#grams_used");

  function resize() {
    var ml = Number(vessel.value);
    if (ml > 0) { grams.value = (Math.round(ml * gramsPer100 / 10) / 10).toFixed(1); }
  }

  if (ware) {
    ware.addEventListener("change", function () {
      var option = ware.options[ware.selectedIndex];
      var volume = option && option.getAttribute("data-volume");
      if (volume) { vessel.value = volume; resize(); }
    });
  }
  vessel.addEventListener("change", resize);
})();

// Show the type's usual brewing settings as placeholders while the host picks a type and style.
// Without JavaScript the same figures are in the "Usual settings by type" table.
(function () {
  "use strict";
  var form = document.querySelector("form[data-temperature-unit]");
  if (!form) { return; }
  var unit = form.getAttribute("data-temperature-unit");
  var typeSelect = form.querySelector(".js-tea-type select");
  var fields = {
    temp: form.querySelector("#brew_temp"),
    grams: form.querySelector("#grams_per_100ml"),
    steeps: form.querySelector("#steep_schedule"),
    vessel: form.querySelector("#vessel_ml")
  };

  function currentStyle() {
    var checked = form.querySelector(".js-brew-style input:checked");
    return checked ? checked.value : "western";
  }

  function defaultsRow(type, style) {
    return form.querySelector('tr[data-type="' + type + '"][data-style="' + style + '"]') ||
      form.querySelector('tr[data-type="' + type + '"][data-style="western"]');
  }

  function update() {
    if (!typeSelect) { return; }
    var row = defaultsRow(typeSelect.value, currentStyle());
    if (!row) { return; }
    var celsius = Number(row.getAttribute("data-temp-c"));
    var temp = unit === "F" ? Math.round(celsius * 9 / 5 + 32) : celsius;
    fields.temp.placeholder = "usually " + temp;
    fields.grams.placeholder = "usually " + row.getAttribute("data-grams");
    fields.steeps.placeholder = "usually " + row.getAttribute("data-steeps");
    fields.vessel.placeholder = "usually " + row.getAttribute("data-vessel");
  }

  if (typeSelect) { typeSelect.addEventListener("change", update); }
  form.querySelectorAll(".js-brew-style input").forEach(function (input) {
    input.addEventListener("change", update);
  });
  update();
})();

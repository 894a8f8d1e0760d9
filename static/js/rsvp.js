// On the guest's answer form: show the plus-one questions only for a yes, and only as many
// as the guest brings. Without JavaScript every question stays visible.
(function () {
  "use strict";
  var form = document.querySelector(".rsvp-form");
  if (!form) { return; }
  var group = form.querySelector("[data-plus-ones]");
  var count = form.querySelector("#plus_ones");
  if (!group || !count) { return; }
  var people = group.querySelectorAll(".plus-one");

  function answer() {
    var checked = form.querySelector("input[name=response]:checked");
    return checked ? checked.value : "";
  }

  function update() {
    var yes = answer() === "yes";
    group.hidden = !yes;
    var n = Math.max(0, Number(count.value) || 0);
    people.forEach(function (person, index) { person.hidden = index >= n; });
  }

  form.querySelectorAll("input[name=response]").forEach(function (input) {
    input.addEventListener("change", update);
  });
  count.addEventListener("input", update);
  update();
})();

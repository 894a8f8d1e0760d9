// On the guest's answer form: ask about food only of a guest who may come (a yes or a maybe),
// and the plus-one questions only for a yes, as many as the guest brings. Without JavaScript
// every question stays visible.
(function () {
  "use strict";
  var form = document.querySelector(".rsvp-form");
  if (!form) { return; }
  var food = form.querySelector("[data-if-coming]");
  var group = form.querySelector("[data-plus-ones]");
  var count = form.querySelector("#plus_ones");
  var people = group ? group.querySelectorAll(".plus-one") : [];

  function answer() {
    var checked = form.querySelector("input[name=response]:checked");
    return checked ? checked.value : "";
  }

  function update() {
    if (food) { food.hidden = answer() === "no"; }
    if (!group || !count) { return; }
    group.hidden = answer() !== "yes";
    var n = Math.max(0, Number(count.value) || 0);
    people.forEach(function (person, index) { person.hidden = index >= n; });
  }

  form.querySelectorAll("input[name=response]").forEach(function (input) {
    input.addEventListener("change", update);
  });
  if (count) { count.addEventListener("input", update); }
  update();
})();

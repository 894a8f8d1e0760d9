// The brew timer: walks a tea's steep schedule (rinse first where set), counts down each
// infusion and announces its end. The schedule table on the page works without this script.
(function () {
  "use strict";
  var root = document.querySelector("[data-timer]");
  if (!root) { return; }

  var steeps = root.getAttribute("data-steeps").split(",").map(Number).filter(function (s) { return s > 0; });
  var temperature = root.getAttribute("data-temperature");
  var steps = [];
  if (root.getAttribute("data-rinse") === "yes") {
    steps.push({ name: "Rinse", seconds: 5 });
  }
  steeps.forEach(function (seconds, i) {
    steps.push({ name: "Infusion " + (i + 1) + " of " + steeps.length, seconds: seconds });
  });

  var stepLabel = root.querySelector("[data-timer-step]");
  var clock = root.querySelector("[data-timer-clock]");
  var status = root.querySelector("[data-timer-status]");
  var startButton = root.querySelector("[data-timer-start]");
  var prevButton = root.querySelector("[data-timer-prev]");
  var nextButton = root.querySelector("[data-timer-next]");

  var index = 0;
  var remainingMs = steps.length ? steps[0].seconds * 1000 : 0;
  var endsAt = null;
  var tick = null;

  function format(ms) {
    var total = Math.ceil(ms / 1000);
    var minutes = Math.floor(total / 60);
    var seconds = total % 60;
    return minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
  }

  function render() {
    var step = steps[index];
    stepLabel.textContent = step.name + " · " + temperature;
    clock.textContent = format(remainingMs);
    startButton.textContent = endsAt ? "Pause" : (remainingMs < step.seconds * 1000 ? "Resume" : "Start");
    prevButton.disabled = index === 0;
    nextButton.disabled = index === steps.length - 1;
  }

  function stop() {
    if (tick) { clearInterval(tick); tick = null; }
    endsAt = null;
  }

  function chime() {
    // A short tone where the browser allows sound; the text and the flash work regardless.
    try {
      var AudioContext = window.AudioContext || window.webkitAudioContext;
      if (!AudioContext) { return; }
      var audio = new AudioContext();
      var tone = audio.createOscillator();
      var gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.value = 0.15;
      tone.connect(gain);
      gain.connect(audio.destination);
      tone.start();
      tone.stop(audio.currentTime + 0.4);
    } catch (ignored) { /* no sound available */ }
  }

  function finish() {
    stop();
    remainingMs = 0;
    var step = steps[index];
    root.classList.add("timer-done");
    clock.textContent = "0:00";
    var next = steps[index + 1];
    status.textContent = step.name + " is done: pour now." + (next ? " Next: " + next.name + "." : " That was the last infusion.");
    chime();
    if (next) {
      select(index + 1, true);
    } else {
      startButton.textContent = "Start";
    }
  }

  function update() {
    remainingMs = Math.max(0, endsAt - Date.now());
    clock.textContent = format(remainingMs);
    if (remainingMs <= 0) { finish(); }
  }

  function start() {
    if (!steps.length) { return; }
    if (remainingMs <= 0) { remainingMs = steps[index].seconds * 1000; }
    root.classList.remove("timer-done");
    endsAt = Date.now() + remainingMs;
    status.textContent = steps[index].name + " started: " + format(remainingMs) + ".";
    tick = setInterval(update, 200);
    render();
  }

  function pause() {
    remainingMs = Math.max(0, endsAt - Date.now());
    stop();
    status.textContent = "Paused with " + format(remainingMs) + " left.";
    render();
  }

  function select(newIndex, keepStatus) {
    stop();
    index = Math.max(0, Math.min(steps.length - 1, newIndex));
    remainingMs = steps[index].seconds * 1000;
    if (!keepStatus) {
      root.classList.remove("timer-done");
      status.textContent = steps[index].name + ": " + format(remainingMs) + ".";
    }
    render();
  }

  startButton.addEventListener("click", function () { if (endsAt) { pause(); } else { start(); } });
  prevButton.addEventListener("click", function () { select(index - 1); });
  nextButton.addEventListener("click", function () { select(index + 1); });
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || tag === "button" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === " ") { event.preventDefault(); startButton.click(); }
    else if (event.key === "n" || event.key === "N") { nextButton.click(); }
    else if (event.key === "p" || event.key === "P") { prevButton.click(); }
  });

  if (steps.length) {
    root.hidden = false;
    render();
  }
})();

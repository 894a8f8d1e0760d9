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

  var logLink = document.querySelector("[data-timer-log]");
  var logBase = logLink ? logLink.getAttribute("href") : null;
  // Seconds of each infusion really made (rinse excluded), for the brew log.
  var made = [];
  var madeThisStep = false;

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

  function record(seconds) {
    if (steps[index].name === "Rinse" || seconds <= 0 || madeThisStep) { return; }
    made.push(Math.round(seconds));
    madeThisStep = true;
    if (logLink) {
      logLink.setAttribute("href", logBase + "?steeps=" + made.join(","));
      logLink.textContent = "Log this brew (" + made.length + (made.length === 1 ? " steep" : " steeps") + " made)";
    }
  }

  function finish() {
    stop();
    remainingMs = 0;
    var step = steps[index];
    record(step.seconds);
    root.classList.add("timer-done");
    clock.textContent = "0:00";
    var next = steps[index + 1];
    status.textContent = step.name + " is done: pour now." + (next ? " Next: " + next.name + "." : " That was the last infusion: log the brew below.");
    chime();
    if (next) {
      select(index + 1, true);
    } else {
      startButton.textContent = "Start";
      if (logLink) { logLink.focus(); }
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

  function stopAndLog() {
    // An infusion stopped partway counts with the seconds it really ran.
    var step = steps[index];
    if (endsAt) { remainingMs = Math.max(0, endsAt - Date.now()); }
    stop();
    if (remainingMs < step.seconds * 1000) { record((step.seconds * 1000 - remainingMs) / 1000); }
    if (logLink) { window.location.assign(logLink.getAttribute("href")); }
  }

  function select(newIndex, keepStatus) {
    if (endsAt || remainingMs < steps[index].seconds * 1000) {
      // Leaving an infusion that ran: it was made, for as long as it ran.
      var ran = steps[index].seconds * 1000 - (endsAt ? Math.max(0, endsAt - Date.now()) : remainingMs);
      if (ran >= 1000) { record(ran / 1000); }
    }
    stop();
    madeThisStep = false;
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
  if (logLink) {
    logLink.addEventListener("click", function (event) { event.preventDefault(); stopAndLog(); });
  }

  function typingInto(target) {
    var tag = (target.tagName || "").toLowerCase();
    return tag === "textarea" || tag === "select" || target.isContentEditable ||
      (tag === "input" && !/^(button|submit|reset|checkbox|radio)$/i.test(target.type));
  }

  // The keys work wherever the focus is (on a button too), except while typing in a field.
  document.addEventListener("keydown", function (event) {
    if (typingInto(event.target) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key.toLowerCase();
    if (key === " ") { event.preventDefault(); startButton.click(); }
    else if (key === "n") { event.preventDefault(); nextButton.click(); }
    else if (key === "p") { event.preventDefault(); prevButton.click(); }
    else if (key === "l" && logLink) { event.preventDefault(); stopAndLog(); }
  });

  if (steps.length) {
    root.hidden = false;
    render();
  }
})();

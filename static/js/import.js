// Shows an import's progress: the upload, then the check, then the report page.
// Without JavaScript the form posts as usual and the report page arrives just the same.
(function () {
  "use strict";
  var form = document.querySelector("[data-import-form]");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var box = form.querySelector("[data-import-progress]");
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-import-progress-text]");
  var label = box.querySelector("label");

  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[type=file]");
    if (!input.files.length) { return; }  // let the server say what is missing
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    box.hidden = false;
    text.textContent = "Uploading " + input.files[0].name + "…";
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round(e.loaded / e.total * 100); }
    });
    request.upload.addEventListener("load", function () {
      bar.value = 100;
      label.textContent = "Checking";
      bar.removeAttribute("value");  // indeterminate while the server checks every record
      text.textContent = "Uploaded. Checking every record…";
    });
    request.addEventListener("load", function () {
      document.open();
      document.write(request.responseText);
      document.close();
      history.replaceState(null, "", request.responseURL || window.location.href);
      // The report is at the top of the new page, while the window stayed scrolled down to
      // the Import button (two screens on a phone): show it, and start reading there.
      window.scrollTo(0, 0);
      var main = document.getElementById("main");
      if (main) { main.focus({ preventScroll: true }); }
    });
    request.addEventListener("error", function () {
      text.textContent = "The upload failed. Nothing was imported; please try again.";
    });
    request.send(new FormData(form));
  });
})();

// The upload form asks how changes are marked only when the chosen file can
// carry marks (Word, HTML). Without this script the question stays, and its
// help says it is ignored for plain text (the server ignores it too).
(function () {
  "use strict";

  function setUp() {
    var question = document.getElementById("marks-question");
    if (!question) return;
    var input = document.getElementById(question.dataset.fileInput);
    if (!input) return;
    var suffixes = question.dataset.markedSuffixes.split(" ");

    function update() {
      var name = input.files && input.files.length ? input.files[0].name.toLowerCase() : "";
      question.hidden = !suffixes.some(function (suffix) { return name.endsWith(suffix); });
    }

    input.addEventListener("change", update);
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

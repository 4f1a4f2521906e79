// Shows, while a deadline is typed, how Ориентир understood it. The server parses it
// (the same parser that saves it), so what is shown is what will be stored.
(function () {
  "use strict";
  var form = document.querySelector("form[data-deadline-url]");
  if (!form) { return; }
  var input = form.querySelector("[data-deadline-preview]");
  if (!input) { return; }
  var output = document.getElementById(input.id + "-understood");
  var year = form.querySelector("select[name='academic_year']");
  var timer = null;
  var latest = 0;

  function refresh() {
    var ask = ++latest;
    var params = new URLSearchParams({ deadline_text: input.value });
    if (year) { params.set("academic_year", year.value); }
    fetch(form.dataset.deadlineUrl + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (ask === latest) { output.innerHTML = html; } })
      .catch(function () { output.textContent = ""; });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 250);
  }

  input.addEventListener("input", later);
  if (year) { year.addEventListener("change", refresh); }
  if (input.value) { refresh(); }
})();

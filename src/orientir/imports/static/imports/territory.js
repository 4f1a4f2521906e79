// The territory fields of the import form: suggestions from the server as the user types.
// Each input with data-territory-search gets a <datalist> of the user's municipalities or
// schools whose name or code contains the text; picking one fills the hidden id beside it
// (data-territory-id), and typing anything else empties that id. Without this script the
// server resolves the typed name or code itself, and says when none or several match.
(function () {
  "use strict";
  var WAIT_MS = 200;

  function attach(input) {
    var hidden = document.getElementById(input.dataset.territoryId);
    var list = document.createElement("datalist");
    list.id = input.id + "_suggestions";
    input.after(list);
    input.setAttribute("list", list.id);
    var ids = {}; // label → id of the suggestions shown
    var timer = null;
    var asked = 0;

    function pick() {
      if (!hidden) return;
      var id = ids[input.value];
      if (id !== undefined) hidden.value = id;
      else if (hidden.dataset.label !== input.value) hidden.value = "";
    }

    function show(results) {
      list.replaceChildren();
      ids = {};
      results.forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.label;
        ids[item.label] = item.id;
        list.appendChild(option);
      });
      pick();
    }

    function ask() {
      var number = ++asked;
      var url = input.dataset.territorySearch + "&q=" + encodeURIComponent(input.value.trim());
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (number === asked) show(data.results || []); })
        .catch(function () { /* the server resolves the text on submit */ });
    }

    if (hidden) hidden.dataset.label = input.value; // the chosen territory as the page came
    input.addEventListener("input", function () {
      pick();
      clearTimeout(timer);
      timer = setTimeout(ask, WAIT_MS);
    });
    input.addEventListener("focus", function () { if (!list.children.length) ask(); });
  }

  document.querySelectorAll("input[data-territory-search]").forEach(attach);
})();

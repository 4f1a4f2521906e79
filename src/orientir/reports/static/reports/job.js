// Polls a background export's status block until it is done or failed, then stops.
// The block comes from the server (the page's own template partial), so nothing is built here.
(function () {
  "use strict";
  var DELAY = 2000;
  function poll() {
    var block = document.getElementById("export-job-status");
    var url = block && block.dataset.exportPoll;
    if (!url || !window.fetch) { return; }
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("#export-job-status");
          if (fresh) { block.replaceWith(fresh); poll(); }
        })
        .catch(function () { window.setTimeout(poll, DELAY * 5); });
    }, DELAY);
  }
  poll();
})();

// Polls a block that the server renders (the page's own template partial, at the URL in the
// block's data attribute `attribute`) and puts the fresh block in its place until
// `done(fresh)` says to stop. Used while a background task runs: an export, the effect's
// recomputation.
(function () {
  "use strict";
  window.orientirPoll = function (id, attribute, delay, done) {
    function poll() {
      var block = document.getElementById(id);
      var url = block && block.dataset[attribute];
      if (!url || !window.fetch) { return; }
      window.setTimeout(function () {
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : null; })
          .then(function (html) {
            if (html === null) { return; }
            var holder = document.createElement("div");
            holder.innerHTML = html;
            var fresh = holder.querySelector("#" + id);
            if (!fresh || done(fresh)) { return; }
            block.replaceWith(fresh);
            poll();
          })
          .catch(function () { window.setTimeout(poll, delay * 5); });
      }, delay);
    }
    poll();
  };
})();

// While the region's effect is being recomputed, polls the page's notice (the template's own
// partial, `?part=status`); reloads the page once the new computation is there.
(function () {
  "use strict";
  var DELAY = 3000;
  function poll() {
    var block = document.getElementById("effect-status");
    var url = block && block.dataset.effectPoll;
    if (!url || !window.fetch) { return; }
    window.setTimeout(function () {
      fetch(url, { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) { return; }
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("#effect-status");
          if (!fresh) { return; }
          if (fresh.dataset.effectState === "current") { window.location.reload(); return; }
          block.replaceWith(fresh);
          poll();
        })
        .catch(function () { window.setTimeout(poll, DELAY * 5); });
    }, DELAY);
  }
  poll();
})();

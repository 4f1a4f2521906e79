// Fills the header's notification counter after the page has loaded, so that no page
// pays for counting: the count is one query of its own (notifications/count/).
(function () {
  "use strict";
  var badge = document.querySelector("[data-notifications-count]");
  if (!badge || !window.fetch) { return; }
  fetch(badge.dataset.notificationsCount, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data || !data.count) { return; }
      badge.textContent = String(data.count);
      badge.title = data.label;
      badge.setAttribute("aria-label", data.label);
      badge.hidden = false;
    })
    .catch(function () {});
})();

// Polls a background export's status block until it is done or failed, then stops.
// The block comes from the server (the page's own template partial), so nothing is built here.
window.orientirPoll("export-job-status", "exportPoll", 2000, function () {
  "use strict";
  return false;
});
